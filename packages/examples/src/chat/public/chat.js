// The chat page: joins ws://<this host>/chat, names itself with `/name NAME`, and shows the room.
// Lines from the server: `[name] text` (someone spoke), `* …` (joins, leaves, renames, rooms); why it
// closed comes as the close frame's reason. The room panel follows the `* …` lines: names and rooms
// are single words (the server's rules), so splitting on spaces and commas is exact.
'use strict';

const $ = (id) => document.getElementById(id);
const nameInput = $('name');
const messageInput = $('message');
const list = $('messages');
let socket = null;
let members = [];

nameInput.value = window.localStorage.getItem('switchboard.name') || `guest-${Math.floor(Math.random() * 9000 + 1000)}`;

function show(kind, text, sender) {
  const item = document.createElement('li');
  item.className = kind;
  if (sender !== undefined) {
    const who = document.createElement('span');
    who.className = 'sender';
    who.textContent = sender;
    item.append(who);
  }
  item.append(document.createTextNode(text));
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

function showRoom(room, names) {
  $('room').textContent = room;
  members = names;
  $('members').replaceChildren(
    ...names.map((name) => {
      const item = document.createElement('li');
      item.textContent = name;
      return item;
    }),
  );
}

// `* you are NAME in ROOM; here now: A, B`, `* in ROOM: A (you), B`, `* A joined…`, `* A left…`, `* A is now B`.
function followRoom(line) {
  const words = line.split(' ');
  if (line.startsWith('* you are ') && words[4] === 'in') {
    const [, here = ''] = line.split('; here now: ');
    showRoom(words[5].replace(/;$/, ''), [words[3], ...(here ? here.split(', ') : [])]);
  } else if (line.startsWith('* in ') && words[2].endsWith(':')) {
    const names = line.slice(line.indexOf(': ') + 2);
    showRoom(words[2].slice(0, -1), names.startsWith('nobody') ? [] : names.replace(' (you)', '').split(', '));
  } else if (words[2] === 'joined' && !members.includes(words[1])) {
    showRoom($('room').textContent, [...members, words[1]]);
  } else if (words[2] === 'left') {
    showRoom(
      $('room').textContent,
      members.filter((name) => name !== words[1]),
    );
  } else if (words[2] === 'is' && words[3] === 'now') {
    showRoom(
      $('room').textContent,
      members.map((name) => (name === words[1] ? words[4] : name)),
    );
  }
}

function showLine(line) {
  const spoken = /^\[([^\]]+)\] ([\s\S]*)$/.exec(line);
  if (spoken) show('message', spoken[2], spoken[1]);
  else if (line.startsWith('ERROR ')) show('error', line);
  else {
    if (line.startsWith('* ')) followRoom(line);
    show('system', line);
  }
}

function setConnected(connected, status) {
  $('join').disabled = connected;
  $('leave').disabled = !connected;
  nameInput.disabled = connected;
  messageInput.disabled = !connected;
  $('send').disabled = !connected;
  $('status').textContent = status;
  $('status').classList.toggle('online', connected);
  if (connected) messageInput.focus();
}

function join(name) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // The name rides in the query, so the room hears the newcomer under it from the start.
  socket = new WebSocket(`${scheme}://${location.host}/chat?name=${encodeURIComponent(name)}`);
  $('status').textContent = 'connecting…';
  $('join').disabled = true;
  socket.addEventListener('open', () => {
    setConnected(true, `online as ${name}`);
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data === 'string') showLine(event.data);
    else show('system', '(binary message)');
  });
  // The server says why it closed in the close frame (1001 with its goodbye on shutdown, an error
  // code and message otherwise), not in a chat line.
  socket.addEventListener('close', (event) => {
    socket = null;
    showRoom('—', []);
    if (event.reason && event.code !== 1000) show(event.code === 1001 ? 'system' : 'error', event.reason);
    setConnected(false, `disconnected (${event.code})`);
  });
}

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = nameInput.value.trim();
  if (!name || socket) return;
  window.localStorage.setItem('switchboard.name', name);
  join(name);
});

$('leave').addEventListener('click', () => socket && socket.close(1000, 'left'));

$('send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = messageInput.value;
  if (!text.trim() || !socket || socket.readyState !== WebSocket.OPEN) return;
  socket.send(text);
  // The server relays to everyone else, so the page shows its own line itself.
  if (!text.startsWith('/')) show('message mine', text, 'you');
  messageInput.value = '';
});
