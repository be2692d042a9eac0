// The /chat page: the official Web Chat client on this server's Direct Line endpoints, polled (no socket).
// The conversation (token and id) is kept in the tab's session, so a reload continues it.
(function () {
  'use strict';
  var root = document.getElementById('webchat');
  if (!root || !window.WebChat) { return; }

  var KEY = 'chatintake.webchat';
  var lang = root.dataset.lang === 'en' ? 'en' : 'fa';
  var locale = lang === 'fa' ? 'fa-IR' : 'en-US';
  var session = read();

  // The language chosen with the switch wins over the browser's on a plain reload.
  if (session && session.lang && session.lang !== lang && !/[?&]lang=/.test(location.search)) {
    location.replace('/chat?lang=' + session.lang);
    return;
  }

  function read() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }

  function save() { sessionStorage.setItem(KEY, JSON.stringify(session)); }

  function startOver() { sessionStorage.removeItem(KEY); location.replace('/chat?lang=' + lang); }

  document.getElementById('restart').addEventListener('click', startOver);
  document.getElementById('switch').addEventListener('click', function (event) {
    event.preventDefault();
    var next = this.dataset.lang;
    if (!session) { location.assign('/chat?lang=' + next); return; }
    session.lang = next;
    save();
    // Tell the bot too, so its messages switch language with the page.
    fetch('/v3/directline/conversations/' + encodeURIComponent(session.conversationId) + '/activities', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + session.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'event', name: 'webchat/lang', value: next, locale: next === 'fa' ? 'fa-IR' : 'en-US', from: { id: session.userId || 'user' } })
    }).finally(function () { location.assign('/chat?lang=' + next); });
  });

  var persian = {
    TEXT_INPUT_PLACEHOLDER: 'پیام خود را بنویسید',
    TEXT_INPUT_ALT: 'پیام',
    TEXT_INPUT_SEND_BUTTON_ALT: 'ارسال',
    TEXT_INPUT_UPLOAD_BUTTON_ALT: 'فرستادن عکس',
    TEXT_INPUT_SPEAK_BUTTON_ALT: 'گفتن',
    ACTIVITY_STATUS_SEND_STATUS_ALT_SENDING: 'در حال ارسال',
    ACTIVITY_STATUS_SEND_FAILED_RETRY: 'ارسال نشد. {Retry}',
    ACTIVITY_STATUS_TIMESTAMP_JUST_NOW: 'همین حالا',
    ACTIVITY_STATUS_TIMESTAMP_ONE_MINUTE_AGO: 'یک دقیقه پیش',
    ACTIVITY_STATUS_TIMESTAMP_ONE_HOUR_AGO: 'یک ساعت پیش',
    ACTIVITY_STATUS_TIMESTAMP_TODAY: 'امروز',
    ACTIVITY_STATUS_TIMESTAMP_YESTERDAY: 'دیروز',
    CONNECTIVITY_STATUS_ALT_CONNECTING: 'در حال اتصال…',
    CONNECTIVITY_STATUS_ALT_RECONNECTING: 'در حال اتصال دوباره…',
    CONNECTIVITY_STATUS_ALT_SLOW_CONNECTION: 'اتصال کند است…',
    CONNECTIVITY_STATUS_ALT_FATAL: 'اتصال برقرار نشد. صفحه را دوباره باز کنید.',
    SUGGESTED_ACTIONS_LABEL_ALT: 'گزینه‌های پیشنهادی',
    TRANSCRIPT_NEW_MESSAGES: 'پیام‌های تازه',
    TRANSCRIPT_MORE_MESSAGES: 'پیام‌های بیشتر',
    TRANSCRIPT_ARIA_LABEL_ALT: 'گفت‌وگو'
  };

  function connect() {
    if (session && session.token && session.lang === lang) { return Promise.resolve(session); }
    if (session && session.token) { session.lang = lang; save(); return Promise.resolve(session); }
    return fetch('/chat/token', { method: 'POST' }).then(function (response) {
      if (!response.ok) { throw new Error('token ' + response.status); }
      return response.json();
    }).then(function (grant) {
      session = { token: grant.token, conversationId: grant.conversationId, joined: false, lang: lang };
      save();
      return session;
    });
  }

  // The browser's location, asked for when the citizen presses the bot's "share my location" button.
  function sendLocation(dispatch) {
    var send = function (value) { dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'location', value: value } }); };
    if (!navigator.geolocation) { send('unavailable'); return; }
    navigator.geolocation.getCurrentPosition(
      function (position) { send(position.coords.latitude.toFixed(6) + ',' + position.coords.longitude.toFixed(6)); },
      function () { send('unavailable'); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  connect().then(function (current) {
    var directLine = window.WebChat.createDirectLine({
      token: current.token,
      conversationId: current.conversationId,
      domain: location.origin + '/v3/directline',
      webSocket: false,
      pollingInterval: 1000
    });

    directLine.connectionStatus$.subscribe(function (status) {
      // 3: token expired, 4: failed to connect, 5: ended. A fresh conversation is the way on, once: a server that
      // keeps failing gets the notice instead of a reload loop.
      if (status < 3) { return; }
      var last = Number(sessionStorage.getItem(KEY + '.restarted') || 0);
      if (Date.now() - last > 60000) {
        sessionStorage.setItem(KEY + '.restarted', String(Date.now()));
        startOver();
      } else {
        failed();
      }
    });
    setInterval(function () { if (directLine.token && session) { session.token = directLine.token; save(); } }, 60000);

    var store = window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !session.joined) {
            session.joined = true;
            save();
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: lang } });
          }
          if (action.type === 'WEB_CHAT/SEND_POST_BACK' && action.payload && action.payload.value && action.payload.value.action === 'share-location') {
            sendLocation(api.dispatch);
            return undefined;
          }
          return next(action);
        };
      };
    });

    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      locale: locale,
      dir: lang === 'fa' ? 'rtl' : 'ltr',
      nonce: root.dataset.nonce,
      overrideLocalizedStrings: lang === 'fa' ? persian : undefined,
      styleOptions: {
        accent: '#0b6e4f',
        botAvatarInitials: lang === 'fa' ? '۱۳۷' : '137',
        botAvatarBackgroundColor: '#0b6e4f',
        bubbleBorderRadius: 14,
        bubbleFromUserBorderRadius: 14,
        bubbleFromUserBackground: '#dff3ea',
        bubbleBackground: '#ffffff',
        bubbleMaxWidth: 560,
        primaryFont: lang === 'fa' ? 'Vazirmatn, Tahoma, "Segoe UI", sans-serif' : '"Segoe UI", Roboto, Arial, sans-serif',
        rootHeight: '100%',
        sendBoxHeight: 48,
        suggestedActionLayout: 'flow',
        suggestedActionBorderRadius: 18,
        suggestedActionBorderColor: '#0b6e4f',
        suggestedActionTextColor: '#0b6e4f',
        hideUploadButton: false,
        uploadAccept: 'image/*',
        uploadMultiple: false,
        // A chosen photo goes at once: Web Chat's default waits for the send button, and a photo left in the send box is lost.
        sendAttachmentOn: 'attach'
      }
    }, root);
    root.classList.add('ready');
  }).catch(failed);

  function failed() {
    root.textContent = '';
    var note = document.createElement('p');
    note.className = 'notice';
    note.setAttribute('role', 'alert');
    note.textContent = lang === 'fa' ? 'اتصال برقرار نشد. لطفاً صفحه را دوباره باز کنید.' : 'Could not connect. Please reload the page.';
    root.appendChild(note);
  }
}());
