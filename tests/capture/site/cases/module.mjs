// A module script: top-level code of a module, and an imported function.
import { parseConfig } from '/cases/module-lib.mjs';

try {
  /*@top*/parseConfig/*<@top:webkit*//*@top:firefox*/('port=');
} catch (e) {
  record('module', e);
}
