// Class members: constructor (`new`), a field initializer, an arrow field, a method, a static
// method, a getter, a setter and a private method, chained into one stack.
/*@classTop:chromium*/class Widget {
  static create(size) {
    return /*@create*/new Widget/*<@create:webkit*/(size);
  }
  field = this./*@field*/init/*<@field:webkit*/();
  onResize = (n) => {
    /*@onResize:firefox*/this/*@onResize:webkit*/.size /*@onResize:chromium*/= n;
  };
  constructor(size) {
    this./*@ctor*/onResize/*<@ctor:webkit*/(size);
  }
  init() {
    return 'ready';
  }
  get size() {
    return this._size;
  }
  set size(n) {
    this.#check/*<@setter:webkit*//*@setter*/(n);
  }
  #check(n) {
    if (n < 0) this./*@check*/validate/*<@check:webkit*/(n);
    this._size = n;
  }
  validate(n) {
    throw /*@throw*/new RangeError/*<@throw:webkit*/('size must be positive, got ' + n);
  }
}
/*@classTop:webkit*/class Gadget {
  static field = Gadget./*@staticField*/boom/*<@staticField:webkit*/();
  static /*@classTop:firefox*/boom() {
    try {
      Widget./*@staticBoom*/create/*<@staticBoom:webkit*/(-1);
    } catch (e) {
      record('classes', e);
    }
  }
}
class Base {
  get label() {
    return this./*@getter*/describe/*<@getter:webkit*/();
  }
}
class Derived extends Base {
  constructor() {
    /*@super*/super/*<@super:webkit*/();
  }
  describe() {
    throw /*@describe*/new TypeError/*<@describe:webkit*/('no label');
  }
}
try {
  /*@getterTop:firefox*/new Derived()/*@getterTop:webkit*/./*@getterTop:chromium*/label;
} catch (e) {
  record('getter', e);
}
