// Live updates: notifications and refresh signals from /ws. Reconnects with backoff.
(function () {
  'use strict';
  if (!document.body || document.body.dataset.live !== 'on') return;
  var delay = 1000;
  function toast(event) {
    var box = document.getElementById('toasts');
    if (!box) return;
    var item = document.createElement(event.href ? 'a' : 'div');
    item.className = 'toast';
    if (event.href) item.href = event.href;
    var title = document.createElement('strong');
    title.textContent = event.title;
    var body = document.createElement('span');
    body.textContent = event.body;
    item.appendChild(title);
    item.appendChild(body);
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 12000);
  }
  function connect() {
    var socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    socket.onopen = function () {
      // After a reconnect, what changed meanwhile was missed: refresh what listens for it.
      if (document.body.dataset.liveState === 'lost' && window.htmx) window.htmx.trigger(document.body, 'live:reconnected');
      document.body.dataset.liveState = 'open';
      delay = 1000;
    };
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type === 'notification') {
        toast(event);
        var count = document.getElementById('inbox-count');
        if (count) { count.textContent = String(event.unread); count.hidden = event.unread === 0; }
      } else if (event.type === 'refresh' && window.htmx) {
        window.htmx.trigger(document.body, 'live:' + event.topic);
      } else if (event.type === 'progress') {
        // a long task of this user's (an upload): how far it has got, on the page that started it
        var box = document.querySelector('[data-progress="' + event.topic + '"]');
        if (!box) return;
        box.hidden = false;
        var bar = box.querySelector('progress');
        if (bar) { bar.max = event.total; bar.value = event.done; }
        var text = box.querySelector('span');
        if (text) text.textContent = event.label + '：' + event.done.toLocaleString('zh-CN') + ' / ' + (event.approximate ? '约 ' : '') + event.total.toLocaleString('zh-CN') + ' 行';
      }
    };
    socket.onclose = function (event) {
      // 4401: the sign-in behind this page ended (logout, expiry, a changed account); reconnecting cannot succeed.
      if (event.code === 4401) { document.body.dataset.liveState = 'ended'; return; }
      document.body.dataset.liveState = 'lost';
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
