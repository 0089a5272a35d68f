// Generators: next() into a generator, yield* delegation, and an async generator.
function* inner() {
  yield 1;
  throw /*@throw*/new Error/*<@throw:webkit*/('from a generator');
}
function* outer() {
  yield* /*@delegate*/inner();
}
function drive() {
  const it = outer();
  it.next();
  it./*@next*/next/*<@next:webkit*/();
}
try {
  /*@top*/drive/*<@top:webkit*/();
} catch (e) {
  record('generator', e);
}

async function* ticks() {
  yield 1;
  await null;
  throw /*@asyncThrow*/new Error/*<@asyncThrow:webkit*/('from an async generator');
}
async function consume() {
  try {
    for await (const /*@forAwait*/t of ticks()) {
      void t;
    }
  } catch (e) {
    record('async-generator', e);
  }
}
consume();
