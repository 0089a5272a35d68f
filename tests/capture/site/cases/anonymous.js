// Anonymous function expressions, arrows, names inferred from assignments, object literals.
var inferred = function () {
  throw /*@throw*/new Error/*<@throw:webkit*/('anonymous and arrows');
};
var arrow = () => /*@arrow*/inferred/*<@arrow:webkit*/();
var holder = {
  prop: function () { /*@prop*/arrow/*<@prop:webkit*/(); },
  short() { holder./*@short*/prop/*<@short:webkit*/(); },
  arrowProp: () => holder./*@arrowProp*/short/*<@arrowProp:webkit*/(),
};
try {
  (function () {
    (() => {
      holder./*@innerArrow*/arrowProp/*<@innerArrow:webkit*/();
    })/*<@iife:webkit*//*@iife*/();
  })/*<@top:webkit*//*@top*/();
} catch (e) {
  record('anonymous', e);
}
