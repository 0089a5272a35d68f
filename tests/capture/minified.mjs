// The text served as /cases/min.js: one line over 10,000 characters, shaped like a minifier's
// output (short names, no spaces), with the frames of interest past column 10,000.
// Generated (deterministically) rather than committed, so the padding stays readable here.

export function minifiedSource() {
  const pad = [];
  for (let i = 0; i < 420; i++) pad.push(`a${i}=function(n){return n+${i}}`);
  return '"use strict";var ' + pad.join(',') + ';'
    + 'function q(e){throw/*@throw*/new Error/*<@throw:webkit*/("minified "+e)}'
    + 'var r=function(e){return/*@r*/q/*<@r:webkit*/(e+1)},'
    + 's=e=>[e]./*@map*/map/*<@map:webkit*/(function(t){return/*@s*/r/*<@s:webkit*/(t)});'
    + 'try{/*@top*/s/*<@top:webkit*//*@top:firefox*/(1)}catch(e){record("minified",e)}\n';
}
