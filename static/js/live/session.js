/**
 * One live run's conversation with the server, with no DOM: the state machine of the socket
 * (playground/live/consumers.py has the protocol). A learner's run goes
 *
 *   idle -> starting (the socket opened, "start" sent) -> running <-> paused -> ended
 *
 * and a viewer's (watch link) goes starting -> running ("watching", then frames) -> ended. The
 * page (run.js) listens through `on` handlers and sends controls through `send`.
 *
 * The rules, as the page has always played them:
 * - "started" (or "watching" for a viewer, or the first frame) means running.
 * - A frame's `paused` is the server's word on pausing; it wins over the learner's own toggle only
 *   once that toggle is PAUSE_SETTLE_MS old (the frame in flight may predate it). A viewer, who
 *   never toggles, follows it at once (and "watching" says whether the run is paused on joining).
 * - "end" ends the run and closes the socket; the report is kept.
 * - An "error" naming a control ("control", not "final") refused that control: the run plays on.
 *   Any other error while starting, a final one, or one whose code says the run is gone
 *   (crashed, owner_left, not_running, server_restarted) finishes the run.
 * - The socket closing while the run is live finishes it too: there is no reconnect (a run lives
 *   in the server process that held the socket; a new socket could not find it).
 * - Finishing before any frame was shown goes back to editing ("leave", state idle); after frames
 *   (or for a viewer) the run is ended and its picture stays.
 * - Only the current socket is heard: a socket replaced by a new start can no longer finish it.
 */
import { openSocket } from './socket.js';

export const PAUSE_SETTLE_MS = 1500;
const LIVE = new Set(['starting', 'running', 'paused']);
const GONE = new Set(['crashed', 'owner_left', 'not_running', 'server_restarted']);

export class RunSession {
  /**
   * on: handlers, each optional: state(state), started(m), shared(watch), watching(m),
   * frame(frame), end(m), error(m), closed(), leave().
   * open: (path, {onMessage, onClose}) => {send, close}; now: () => ms (for the pause rule).
   */
  constructor({ watchToken = null, on = {}, open = openSocket, now = () => performance.now() } = {}) {
    Object.assign(this, { watchToken, on, open, now });
    this.state = 'idle';
    this.socket = null;
    this.frames = 0;
    this.lastFrame = null;
    this.lastReport = null;
    this.toggledAt = 0;
  }

  get live() { return LIVE.has(this.state); }

  emit(name, ...args) { if (this.on[name]) this.on[name](...args); }

  setState(state) {
    this.state = state;
    this.emit('state', state);
  }

  /** Start a run: `msg` is the "start" message. Refused (false) while a run is live. */
  start(msg) {
    if (this.live) return false;
    this.frames = 0;
    this.lastFrame = null;
    this.lastReport = null;
    this.setState('starting');
    this.connect('/ws/simulate/');
    this.socket.send(msg);
    return true;
  }

  /** Follow the run behind the watch link. */
  watch() {
    this.setState('starting');
    this.connect(`/ws/watch/${encodeURIComponent(this.watchToken)}/`);
  }

  connect(path) {
    this.socket?.close();
    const socket = this.open(path, {
      onMessage: (m) => { if (this.socket === socket) this.receive(m); },
      onClose: () => { if (this.socket === socket) this.closed(); },
    });
    this.socket = socket;
  }

  /** A control for the run playing (pause, speed, inject, set, share, stop); dropped if no socket. */
  send(msg) { this.socket?.send(msg); }

  setSpeed(value) { if (this.state !== 'idle') this.send({ type: 'speed', value }); }

  togglePause() {
    if (!this.socket) return;
    this.toggledAt = this.now();
    if (this.state === 'paused') { this.send({ type: 'resume' }); this.setState('running'); } else { this.send({ type: 'pause' }); this.setState('paused'); }
  }

  stop() { this.send({ type: 'stop' }); }

  /** Back to editing. */
  reset() { this.setState('idle'); }

  receive(m) {
    const handle = HANDLERS[m.type];
    if (handle) handle(this, m);
  }

  closed() {
    if (!this.live) return;
    this.emit('closed');
    this.finish();
  }

  /** The run is over without an end: back to editing if nothing was shown, else ended. */
  finish() {
    if (this.frames === 0 && !this.watchToken) {
      this.emit('leave');
      if (this.state !== 'idle') this.setState('idle');
    } else this.setState('ended');
  }

  onFrame(m) {
    if (this.state === 'starting') this.setState('running');
    if (typeof m.paused === 'boolean' && (this.state === 'running' || this.state === 'paused')) {
      const want = m.paused ? 'paused' : 'running';
      const settled = this.watchToken || this.now() - this.toggledAt > PAUSE_SETTLE_MS;
      if (want !== this.state && settled) this.setState(want);
    }
    this.lastFrame = m;
    this.frames += 1;
    this.emit('frame', m);
  }

  onError(m) {
    this.emit('error', m);
    if (m.control && !m.final) return; // one control was refused; the run plays on
    if (this.state === 'starting' || m.final || GONE.has(m.code)) this.finish();
  }
}

/** What each message the server sends does (consumers.py: started, shared, watching, frame, end,
 * error); anything else is not the protocol and is ignored. */
const HANDLERS = {
  started(session, m) {
    session.setState('running');
    session.emit('started', m);
  },
  shared(session, m) { if (m.watch?.url) session.emit('shared', m.watch); },
  watching(session, m) {
    if (m.frame) session.lastFrame = m.frame; // the run as it stands, painted at once
    session.emit('watching', m); // the page loads the design and the run so far first
    session.setState(m.paused ? 'paused' : 'running');
  },
  frame(session, m) { session.onFrame(m); },
  end(session, m) {
    session.lastReport = m.report;
    if (m.frame && !session.lastFrame) session.lastFrame = m.frame; // a late joiner: as it ended
    session.setState('ended');
    session.emit('end', m);
    session.socket?.close();
  },
  error(session, m) { session.onError(m); },
};
