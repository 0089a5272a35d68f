// Script-tag use: the `Faultline` global declared by `export as namespace Faultline` (a
// script, not a module: no import or export in this file).
Faultline.init({ dsn: 'https://public@o0.ingest.example/1', release: 'site@1' });
const globalId: string = Faultline.captureException(new Error('from a script tag'));
Faultline.withScope((scope: Faultline.Scope) => scope.setTag('via', 'global'));
const globalLevel: Faultline.SeverityLevel = 'info';
Faultline.captureMessage('hello', globalLevel);
