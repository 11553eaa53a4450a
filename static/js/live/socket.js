/** The live-run websocket (/ws/simulate/ or /ws/watch/<token>/): JSON messages with a `type`. */
export function openSocket(path, { onMessage, onClose }) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
  const ws = new WebSocket(url);
  const queue = [];
  ws.addEventListener('open', () => { while (queue.length) ws.send(queue.shift()); });
  ws.addEventListener('message', (e) => { let m; try { m = JSON.parse(e.data); } catch { return; } onMessage(m); });
  ws.addEventListener('close', (e) => onClose && onClose(e));
  return {
    send(msg) { const text = JSON.stringify(msg); if (ws.readyState === WebSocket.OPEN) ws.send(text); else if (ws.readyState === WebSocket.CONNECTING) queue.push(text); },
    close() { try { ws.close(); } catch { /* closed already */ } },
    get open() { return ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING; },
  };
}
