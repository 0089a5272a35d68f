// async functions and await chains; promise .then callbacks; Promise.all.
async function fetchUser(id) {
  await null;
  throw /*@throw*/new Error/*<@throw:webkit*/('no user ' + id);
}
async function loadProfile(id) {
  return /*@loadProfile*/await fetchUser(id);
}
const render = async (id) => {
  /*@render*/await loadProfile(id);
};
class Page {
  async show() {
    /*@show*/await render(7);
  }
}
async function main() {
  try {
    /*@main*/await new Page().show();
  } catch (e) {
    record('async', e);
  }
}
/*@mainCall*/main/*<@mainCall:webkit*/();

function parse(text) {
  return JSON./*@parse*/parse/*<@parse:webkit*/(text);
}
Promise.resolve('{"ok": tru')
  .then(function onText(text) {
    return /*@onText*/parse/*<@onText:webkit*/(text);
  })
  .catch(function onError(e) {
    record('promise-then', e);
  });

async function one(n) {
  await null;
  if (n === 2) throw /*@allThrow*/new Error/*<@allThrow:webkit*/('item ' + n);
  return n;
}
async function all() {
  try {
    /*@all*/await Promise.all([1, 2, 3].map(one));
  } catch (e) {
    record('promise-all', e);
  }
}
all();

function startJob() {
  let failure;
  /*@promise*/new Promise/*<@promise:webkit*/(function executor() {
    try {
      throw /*@executor*/new Error/*<@executor:webkit*/('in a Promise executor');
    } catch (e) {
      failure = e;
    }
  });
  return failure;
}
record('promise-executor', /*@startJob*/startJob/*<@startJob:webkit*/());
