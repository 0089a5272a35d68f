// Evaluates the snippets of /eval/sources.mjs, each named by a //# sourceURL= comment, then
// calls through all of them.
import { SOURCES } from '/eval/sources.mjs';

for (const [file, url] of SOURCES) {
  const code = await (await fetch(`/${file}`)).text();
  (0, eval)(`${code}//# sourceURL=${url}\n`);
}
try {
  /*@top*/viaWebpackInternal/*<@top:webkit*/();
} catch (e) {
  record('source-url', e);
}
