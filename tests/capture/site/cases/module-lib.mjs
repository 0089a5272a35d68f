// Imported by module.mjs.
export function parseConfig(text) {
  const [key, value] = text.split('=');
  if (!value) throw /*@throw*/new SyntaxError/*<@throw:webkit*/('no value for ' + key);
  return { [key]: value };
}
