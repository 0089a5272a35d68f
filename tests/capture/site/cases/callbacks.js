// Callbacks: a timer, an event listener (dispatched synchronously), built-ins calling back
// (Array.prototype.map/forEach, String.prototype.replace, JSON.parse reviver), bind/call/apply.
function fail(what) {
  throw /*@throw*/new Error/*<@throw:webkit*/(what);
}

setTimeout(function onTimer() {
  try {
    /*@onTimer*/fail/*<@onTimer:webkit*//*@onTimer:firefox*/('in a timer');
  } catch (e) {
    record('settimeout', e);
  }
}, 0);

const target = new EventTarget();
// An exception in a listener is reported, not rethrown to dispatchEvent: catch it inside.
target.addEventListener('ping', function onPing(event) {
  try {
    /*@onPing*/fail/*<@onPing:webkit*//*@onPing:firefox*/('in a ' + event.type + ' listener');
  } catch (e) {
    record('event-listener-nested', e);
  }
});
const button = document.createElement('button');
button.addEventListener('click', () => {
  target./*@onClick*/dispatchEvent/*<@onClick:webkit*/(new Event('ping'));
});
target.addEventListener('pong', function onPong() {
  try {
    /*@onPong*/fail/*<@onPong:webkit*//*@onPong:firefox*/('in a pong listener');
  } catch (e) {
    record('event-listener', e);
  }
});
target./*@pong*/dispatchEvent/*<@pong:webkit*/(new Event('pong'));
button./*@click*/click/*<@click:webkit*/();

function natives() {
  [1]./*@forEach*/forEach/*<@forEach:webkit*/(function each(n) {
    [n]./*@each*/map/*<@each:webkit*/((m) => 'x'./*@map*/replace/*<@map:webkit*/('x', function replacer() {
      return JSON./*@replacer*/parse/*<@replacer:webkit*/('[' + m + ']', function reviver(key, value) {
        if (key === '0') /*@reviver*/fail/*<@reviver:webkit*//*@reviver:firefox*/('in a JSON.parse reviver');
        return value;
      });
    }));
  });
}
try {
  /*@natives*/natives/*<@natives:webkit*/();
} catch (e) {
  record('array-native', e);
}

const unit = {
  scale: 2,
  apply(x) {
    if (x > this.scale) /*@bound*/fail/*<@bound:webkit*//*@bound:firefox*/('bound, called and applied');
  },
};
function viaCall(fn) {
  fn./*@call*/call/*<@call:webkit*/(null, 3);
}
try {
  const bound = unit.apply.bind(unit);
  viaCall./*@apply*/apply/*<@apply:webkit*/(null, [bound]);
} catch (e) {
  record('bind-call-apply', e);
}
