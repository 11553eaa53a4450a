/**
 * The assignment page (/a/<code>/): the student's join form (POST /api/assignments/<code>/join/,
 * then the editor on their fork) and the instructor's close/reopen; and the code box of /a/. Every message is the API's
 * own sentence, shown with textContent.
 */
import { request } from './api.js';

const code = document.body.dataset.code;
const base = `/api/assignments/${encodeURIComponent(code)}/`;
const $ = (id) => document.getElementById(id);

function show(el, message) {
  el.textContent = message;
  el.hidden = !message;
}

function bindJoin(form) {
  const input = $('display-name');
  const error = $('join-error');
  const button = form.querySelector('button[type=submit]');
  input.addEventListener('input', () => show(error, ''));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) { show(error, 'Type your name first: the class view shows it beside your work.'); input.focus(); return; }
    button.disabled = true;
    show(error, '');
    try {
      const you = await request('POST', `${base}join/`, { display_name: name });
      location.assign(you.play || `/a/${code}/`);
    } catch (e) {
      show(error, e.message);
      button.disabled = false;
      input.focus();
    }
  });
}

function bindManage(button, action) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await request('POST', `${base}${action}/`);
      location.reload();
    } catch (e) {
      show($('manage-error'), e.message);
      button.disabled = false;
    }
  });
}

/** The code box (/a/ and the unknown-code page): opens /a/<code>/, any case, spaces dropped. */
function bindCode(form) {
  const input = $('code-input');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = input.value.replace(/\s+/g, '');
    if (!typed) { show($('code-error'), 'Type the code first: 6 letters and digits.'); input.focus(); return; }
    location.assign(`/a/${encodeURIComponent(typed)}/`);
  });
}

if ($('code-form')) bindCode($('code-form'));
if ($('join')) bindJoin($('join'));
if ($('close')) bindManage($('close'), 'close');
if ($('reopen')) bindManage($('reopen'), 'reopen');
