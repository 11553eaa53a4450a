/** A tiny signal: the Editor's way of telling panels that something changed (three.js-editor style). */
export class Signal {
  constructor() { this.listeners = []; }
  add(fn) { this.listeners.push(fn); return () => this.remove(fn); }
  remove(fn) { this.listeners = this.listeners.filter((l) => l !== fn); }
  dispatch(...args) { for (const fn of [...this.listeners]) fn(...args); }
}
