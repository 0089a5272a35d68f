// faultline demo: wire the buttons of index.html to errors of different kinds, and log what happens.

const demo = window.FAULTLINE_DEMO || {};
const logEl = document.getElementById('log');

function log(text, cls) {
  const line = document.createElement('div');
  line.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  if (cls) line.className = cls;
  logEl.append(line);
  logEl.scrollTop = logEl.scrollHeight;
}

// Say whether everything faultline has queued reached Bugsink.
async function reportDelivery() {
  if (!window.Faultline) return;
  try {
    const ok = await Faultline.flush(3000);
    log(ok ? '  → delivered to Bugsink' : '  → not delivered yet (see the console)', ok ? 'ok' : 'warn');
  } catch (e) {
    log(`  → flush() failed: ${e}`, 'err');
  }
}

// Called after each uncaught error: the error itself stops the button's handler.
function afterThrow() {
  setTimeout(reportDelivery, 100);
}

class PaymentDeclinedError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PaymentDeclinedError';
  }
}

function chargeCard(amount) {
  throw new PaymentDeclinedError(`card declined for ${amount} EUR`);
}

const demos = {
  typeError() {
    log('Reading a property of undefined (TypeError)…');
    afterThrow();
    const user = undefined;
    return user.name;
  },
  referenceError() {
    log('Calling a function that does not exist (ReferenceError)…');
    afterThrow();
    return renderDashbord(); // eslint-disable-line no-undef -- the typo is the demo
  },
  customError() {
    log('Throwing a PaymentDeclinedError (a subclass of Error)…');
    afterThrow();
    chargeCard(42);
  },
  throwString() {
    log("Throwing a string: throw 'out of coffee'…");
    afterThrow();
    throw 'out of coffee'; // eslint-disable-line no-throw-literal
  },
  throwObject() {
    log('Throwing a plain object: throw { code: 503, reason: "maintenance" }…');
    afterThrow();
    throw { code: 503, reason: 'maintenance' }; // eslint-disable-line no-throw-literal
  },
  rejection() {
    log('Rejecting a promise nobody handles…');
    afterThrow();
    fetchProfile();
  },
  timeout() {
    log('Scheduling an error in 200 ms (setTimeout)…');
    setTimeout(() => {
      afterThrow();
      JSON.parse('{ not json');
    }, 200);
  },
  captureException() {
    try {
      JSON.parse('{ "unterminated": ');
    } catch (err) {
      const id = Faultline.captureException(err);
      log(`captureException(${err.name}) → event ${id}`);
      reportDelivery();
    }
  },
  linked() {
    const socket = new TypeError('socket closed by peer');
    const request = new Error('GET /api/cart failed', { cause: socket });
    const id = Faultline.captureException(new Error('could not load the cart', { cause: request }));
    log(`captureException(error with a 2-deep cause chain) → event ${id}: 3 linked exceptions`);
    reportDelivery();
  },
  withScope() {
    Faultline.withScope((scope) => {
      scope.setTag('checkout.step', 'payment').setLevel('fatal');
      const id = Faultline.captureMessage('Payment provider timed out');
      log(`withScope: tag checkout.step=payment, level fatal → event ${id} (the tag does not leak)`);
    });
    reportDelivery();
  },
  captureMessage() {
    const id = Faultline.captureMessage('Disk almost full on the demo server', 'warning');
    log(`captureMessage('Disk almost full…', 'warning') → event ${id}`);
    reportDelivery();
  },
};

// The last event faultline sent, as JSON, with the parts this demo is about listed first.
function showEvent(event) {
  const el = document.getElementById('event');
  if (!el) return;
  const values = (event.exception && event.exception.values) || [];
  const summary = {
    event_id: event.event_id,
    level: event.level,
    message: event.message,
    exceptions: values.map((v) => `${v.type}: ${v.value} (${(v.stacktrace && v.stacktrace.frames || []).length} frames)`),
    user: event.user,
    tags: event.tags,
    breadcrumbs: ((event.breadcrumbs && event.breadcrumbs.values) || []).map((b) => `${b.category || b.type}: ${b.message || JSON.stringify(b.data || {})}`),
    contexts: event.contexts,
  };
  el.textContent = JSON.stringify(summary, null, 2);
}

async function fetchProfile() {
  await null;
  throw new Error('profile service unavailable');
}

document.addEventListener('click', (e) => {
  const button = e.target.closest('button[data-demo]');
  if (!button) return;
  if (!window.Faultline) {
    log('faultline did not load: run `make build`, then reload.', 'err');
    return;
  }
  demos[button.dataset.demo]();
});

// The page's own view of what escaped (faultline listens to the same events).
window.addEventListener('error', (e) => log(`  uncaught: ${e.message}`, 'err'));
window.addEventListener('unhandledrejection', (e) => log(`  unhandled rejection: ${e.reason}`, 'err'));

const links = document.getElementById('links');
if (!window.Faultline) {
  links.textContent = '/pkg/faultline.min.js did not load: run `make build`, then reload.';
  links.className = 'err';
} else if (!demo.dsn) {
  links.textContent = 'No DSN: open this page through `make demo`, which serves /config.js.';
} else {
  Faultline.init({
    dsn: demo.dsn,
    release: 'faultline-demo@0.1.0',
    environment: 'demo',
    debug: true,
    // Show each event as it leaves: user, tags, breadcrumbs trail, linked exceptions.
    beforeSend(event) {
      showEvent(event);
      return event;
    },
  });
  // Context every event carries: who, which plan, and the trail that led to the error
  // (clicks, console and fetch breadcrumbs are recorded on their own).
  Faultline.setUser({ id: 'demo-user-42', email: 'ada@example.com' });
  Faultline.setTags({ plan: 'pro', 'ui.theme': 'light' });
  Faultline.addBreadcrumb({ category: 'auth', message: 'Signed in as ada@example.com', level: 'info' });
  links.innerHTML = '';
  const a = document.createElement('a');
  a.href = `${demo.bugsink}/issues/${demo.projectId}/`;
  a.target = '_blank';
  a.textContent = 'Open the issues in Bugsink';
  links.append(a, ` (log in as ${demo.user} / ${demo.password}). DSN: `);
  const code = document.createElement('code');
  code.textContent = demo.dsn;
  links.append(code);
  log('faultline initialised with debug: true (its own messages go to the console).');
}
