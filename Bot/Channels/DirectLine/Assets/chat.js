// The /chat page: the official Web Chat client on this server's Direct Line endpoints, polled (no socket).
// Who the citizen is lives in the server's signed cookie; which conversation this browser shows lives in localStorage,
// so every tab, "Start over" and the next day reach the same citizen. The page recovers by itself when the server
// restarts or the network drops: Web Chat's polling stops silently then, so a watchdog notices and reconnects.
(function () {
  'use strict';
  var root = document.getElementById('webchat');
  if (!root || !window.WebChat) { return; }

  var KEY = 'chatintake.webchat';
  var WATCH_MS = 3000;
  // How long news may wait with Web Chat picking up nothing at all before its poller counts as dead. A slow one (a
  // phone network, a busy machine) still moves within it; rebuilding the chat would only start its history over.
  var STALL_MS = 12000;
  var lang = root.dataset.lang === 'en' ? 'en' : 'fa';
  var locale = lang === 'fa' ? 'fa-IR' : 'en-US';
  var zone = root.dataset.zone || undefined;
  var banner = document.getElementById('connection');
  var state = read() || {};
  var current = null; // { grant, directLine, lastSeen, pending: { since, seen } }
  var reconnecting = null;

  function read() {
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }

  function save() { try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: the cookie still names the citizen */ } }

  document.getElementById('restart').addEventListener('click', function () {
    state = { startOver: true };
    save();
    location.replace('/chat?lang=' + lang);
  });
  document.getElementById('forget').addEventListener('click', function () {
    if (!window.confirm(root.dataset.forget)) { return; }
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
    fetch('/chat/forget', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' }).finally(function () { location.replace('/chat?lang=' + lang); });
  });
  // The page reloads in the other language; on resuming, it tells the bot to switch too (see render).
  document.getElementById('switch').addEventListener('click', function (event) {
    event.preventDefault();
    location.assign('/chat?lang=' + this.dataset.lang);
  });

  // Web Chat has no Persian: its own words are given here (relative times are replaced by the status middleware below).
  var persian = {
    ACCESS_KEY_ALT: 'Alt Shift $1',
    ACTIVITY_BOT_SAID_ALT: 'سامانه $1 گفت:',
    ACTIVITY_YOU_SAID_ALT: 'شما گفتید:',
    ACTIVITY_BOT_ATTACHED_ALT: 'سامانه پیوست کرد:',
    ACTIVITY_YOU_ATTACHED_ALT: 'شما پیوست کردید:',
    ACTIVITY_ERROR_BOX_TITLE: 'پیام خطا',
    ACTIVITY_INTERACTIVE_FOOTNOTE_ALT: 'برای کار با آن کلیک کنید.',
    ACTIVITY_INTERACTIVE_REASON_INTERACTIVE_CONTENT_ALT: 'این پیام دکمه دارد.',
    ACTIVITY_INTERACTIVE_REASON_LINK_ALT: 'این پیام پیوند دارد.',
    ACTIVITY_INTERACTIVE_REASON_SEND_FAILED_ALT: 'ارسال نشد.',
    ACTIVITY_NUM_ATTACHMENTS_ONE_ALT: 'یک پیوست.',
    ACTIVITY_NUM_ATTACHMENTS_FEW_ALT: '$1 پیوست.',
    ACTIVITY_NUM_ATTACHMENTS_MANY_ALT: '$1 پیوست.',
    ACTIVITY_NUM_ATTACHMENTS_OTHER_ALT: '$1 پیوست.',
    ACTIVITY_NUM_ATTACHMENTS_TWO_ALT: '$1 پیوست.',
    ACTIVITY_STATUS_SEND_FAILED_RETRY: 'ارسال نشد. [دوباره بفرست][RETRY].',
    ACTIVITY_STATUS_SEND_STATUS_ALT_SENDING: 'در حال ارسال',
    ACTIVITY_STATUS_SEND_STATUS_ALT_SENT_AT: 'ارسال‌شده در $1',
    ACTIVITY_STATUS_TIMESTAMP_JUST_NOW: 'همین حالا',
    ACTIVITY_STATUS_TIMESTAMP_ONE_HOUR_AGO: 'یک ساعت پیش',
    ACTIVITY_STATUS_TIMESTAMP_ONE_MINUTE_AGO: 'یک دقیقه پیش',
    ACTIVITY_STATUS_TIMESTAMP_TODAY: 'امروز',
    ACTIVITY_STATUS_TIMESTAMP_YESTERDAY: 'دیروز',
    ATTACHMENT_AUDIO: 'یک صدا.',
    ATTACHMENT_CARD: 'یک کارت: $1 $2 $3',
    ATTACHMENT_FILE: 'یک پرونده: $1',
    ATTACHMENT_IMAGE: 'یک عکس',
    ATTACHMENT_TEXT: 'یک متن: $1',
    ATTACHMENT_VIDEO: 'یک ویدیو',
    CAROUSEL_FLIPPER_NEXT_ALT: 'بعدی',
    CAROUSEL_FLIPPER_PREVIOUS_ALT: 'قبلی',
    CONNECTIVITY_STATUS_ALT_CONNECTED: 'وصل است',
    CONNECTIVITY_STATUS_ALT_CONNECTING: 'در حال اتصال…',
    CONNECTIVITY_STATUS_ALT_FATAL: 'اتصال برقرار نشد.',
    CONNECTIVITY_STATUS_ALT_RECONNECTING: 'ارتباط قطع شد. در حال اتصال دوباره…',
    CONNECTIVITY_STATUS_ALT_RENDER_ERROR: 'خطا در نمایش گفت‌وگو.',
    CONNECTIVITY_STATUS_ALT_SLOW_CONNECTION: 'اتصال بیش از معمول طول می‌کشد.',
    CONNECTIVITY_STATUS_ALT: 'وضعیت اتصال: $1',
    FILE_CONTENT_ALT: '«$1»',
    FILE_CONTENT_DOWNLOADABLE_ALT: 'بارگیری پرونده «$1»',
    FILE_CONTENT_DOWNLOADABLE_WITH_SIZE_ALT: 'بارگیری پرونده «$1» به اندازه $2',
    FILE_CONTENT_WITH_SIZE_ALT: '«$1» به اندازه $2',
    KEYBOARD_HELP_CHAT_HISTORY_ACCESS_ITEMS_IN_MESSAGE_BODY: 'کلید Enter',
    KEYBOARD_HELP_CHAT_HISTORY_ACCESS_ITEMS_IN_MESSAGE_HEADER: 'رفتن به درون پیام',
    KEYBOARD_HELP_CHAT_HISTORY_HEADER: 'تاریخچه گفت‌وگو',
    KEYBOARD_HELP_CHAT_HISTORY_LEAVE_MESSAGE_BODY: 'کلید Escape',
    KEYBOARD_HELP_CHAT_HISTORY_LEAVE_MESSAGE_HEADER: 'بیرون آمدن از پیام',
    KEYBOARD_HELP_CHAT_HISTORY_MOVE_BETWEEN_ITEMS_BODY: 'کلید Tab\nShift + Tab',
    KEYBOARD_HELP_CHAT_HISTORY_MOVE_BETWEEN_ITEMS_HEADER: 'جابه‌جایی میان اجزای یک پیام',
    KEYBOARD_HELP_CHAT_HISTORY_MOVE_BETWEEN_MESSAGES_BODY: 'کلید جهت بالا\nکلید جهت پایین',
    KEYBOARD_HELP_CHAT_HISTORY_MOVE_BETWEEN_MESSAGES_HEADER: 'جابه‌جایی میان پیام‌ها',
    KEYBOARD_HELP_CHAT_WINDOW_BODY_DO_ACTION_BODY: 'کلید Enter',
    KEYBOARD_HELP_CHAT_WINDOW_BODY_DO_ACTION_HEADER: 'انجام کار',
    KEYBOARD_HELP_CHAT_WINDOW_BODY_MOVE_BETWEEN_ITEMS_BODY: 'کلید Tab\nShift + Tab',
    KEYBOARD_HELP_CHAT_WINDOW_BODY_MOVE_BETWEEN_ITEMS_HEADER: 'جابه‌جایی میان اجزای پنجره گفت‌وگو',
    KEYBOARD_HELP_CHAT_WINDOW_HEADER: 'پنجره گفت‌وگو',
    KEYBOARD_HELP_CLOSE_BUTTON_ALT: 'بستن',
    KEYBOARD_HELP_HEADER: 'راهنمای صفحه‌کلید',
    MARKDOWN_EXTERNAL_LINK_ALT: 'در پنجره تازه باز می‌شود؛ بیرونی.',
    SEND_BOX_IS_EMPTY_TOOLTIP_ALT: 'پیام خالی فرستاده نمی‌شود.',
    SPEECH_INPUT_LISTENING: 'در حال شنیدن…',
    SPEECH_INPUT_MICROPHONE_BUTTON_CLOSE_ALT: 'میکروفون خاموش',
    SPEECH_INPUT_MICROPHONE_BUTTON_OPEN_ALT: 'میکروفون روشن',
    SPEECH_INPUT_STARTING: 'در حال آغاز…',
    SUGGESTED_ACTIONS_FLIPPER_NEXT_ALT: 'بعدی',
    SUGGESTED_ACTIONS_FLIPPER_PREVIOUS_ALT: 'قبلی',
    SUGGESTED_ACTIONS_LABEL_ALT: 'گزینه‌های پیشنهادی',
    TEXT_INPUT_ALT: 'جعبه نوشتن پیام',
    TEXT_INPUT_PLACEHOLDER: 'پیام خود را بنویسید',
    TEXT_INPUT_SEND_BUTTON_ALT: 'ارسال',
    TEXT_INPUT_SPEAK_BUTTON_ALT: 'گفتن',
    TEXT_INPUT_UPLOAD_BUTTON_ALT: 'فرستادن عکس',
    TEXT_INPUT_DROP_ZONE: 'پرونده را اینجا رها کنید',
    TEXT_INPUT_LENGTH_EXCEEDED_ALT: 'پیام بیش از اندازه بلند است',
    TEXT_INPUT_ATTACHMENTS_ONE: 'یک پیوست',
    TEXT_INPUT_ATTACHMENTS_TWO: '$1 پیوست',
    TEXT_INPUT_ATTACHMENTS_FEW: '$1 پیوست',
    TEXT_INPUT_ATTACHMENTS_MANY: '$1 پیوست',
    TEXT_INPUT_ATTACHMENTS_OTHER: '$1 پیوست',
    TOAST_ALT_ERROR: 'خطا',
    TOAST_ALT_INFO: 'آگاهی',
    TOAST_ALT_SUCCESS: 'انجام شد',
    TOAST_ALT_WARN: 'هشدار',
    TOAST_DISMISS_BUTTON: 'بستن',
    TOAST_TITLE_ALT: 'آگاه‌سازی',
    TRANSCRIPT_ARIA_LABEL_ALT: 'تاریخچه گفت‌وگو؛ با کلیدهای جهت جابه‌جا شوید.',
    TRANSCRIPT_ARIA_ROLE_ALT: 'تاریخچه گفت‌وگو',
    TRANSCRIPT_LIVE_REGION_INTERACTIVE_LABEL_ALT: 'این پیام دکمه دارد. برای رفتن به تاریخچه گفت‌وگو دو یا سه بار Shift + Tab را بزنید.',
    TRANSCRIPT_LIVE_REGION_INTERACTIVE_WITH_LINKS_LABEL_ALT: 'این پیام پیوند دارد. برای رفتن به تاریخچه گفت‌وگو دو یا سه بار Shift + Tab را بزنید.',
    TRANSCRIPT_LIVE_REGION_SUGGESTED_ACTIONS_LABEL_ALT: 'این پیام گزینه‌های پیشنهادی دارد. برای انتخاب آن‌ها دو یا سه بار Shift + Tab را بزنید.',
    TRANSCRIPT_LIVE_REGION_SUGGESTED_ACTIONS_WITH_ACCESS_KEY_LABEL_ALT: 'این پیام گزینه‌های پیشنهادی دارد. برای انتخاب آن‌ها $1 را بزنید.',
    TRANSCRIPT_LIVE_REGION_SEND_FAILED_ALT: 'پیام ارسال نشد.',
    TRANSCRIPT_MORE_MESSAGES: 'پیام‌های بیشتر',
    TRANSCRIPT_NEW_MESSAGES: 'پیام‌های تازه',
    TRANSCRIPT_TERMINATOR_TEXT: 'پایان تاریخچه گفت‌وگو',
    TYPING_INDICATOR_ALT: 'در حال نوشتن',
    TYPING_INDICATOR_SINGLE_TEXT: '$1 در حال نوشتن است.',
    TYPING_INDICATOR_MULTIPLE_TEXT: '$1 و دیگران در حال نوشتن‌اند.'
  };

  // Times in the city's zone, Jalali on Persian pages (Web Chat's own formatter knows neither Persian nor a zone).
  var timeFormat = (function () {
    var shape = { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false };
    var tag = lang === 'fa' ? 'fa-IR-u-ca-persian-nu-arabext' : 'en-GB';
    try { return new Intl.DateTimeFormat(tag, Object.assign({ timeZone: zone }, shape)); } catch (e) { return new Intl.DateTimeFormat(tag, shape); }
  }());
  var sentAt = lang === 'fa' ? 'ارسال‌شده در ' : 'Sent at ';

  // React elements by hand (the bundle does not expose React): a plain <span> is all the status needs.
  function span(className, props, text) {
    var all = Object.assign({ className: className, children: text }, props);
    return { $$typeof: Symbol.for('react.element'), type: 'span', key: null, ref: null, props: all, _owner: null };
  }

  function statusMiddleware() {
    return function (next) {
      return function (args) {
        var activity = args.activity || {};
        if (args.hideTimestamp || args.sendState !== 'sent' || !activity.timestamp) { return next(args); }
        var text = timeFormat.format(new Date(activity.timestamp));
        return span('chat-time', { 'aria-label': sentAt + text, title: sentAt + text }, text);
      };
    };
  }

  function grant(body) {
    return fetch('/chat/token', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) { throw new Error('token ' + response.status); }
      return response.json();
    });
  }

  function sequenceOf(id) {
    var bar = typeof id === 'string' ? id.lastIndexOf('|') : -1;
    return bar < 0 ? 0 : Number(id.slice(bar + 1)) || 0;
  }

  // The browser's location, asked for when the citizen presses the bot's "share my location" button; a refusal is
  // told apart from a failure, so the bot can say what to do instead.
  function sendLocation(dispatch) {
    var send = function (value) { dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'location', value: value } }); };
    if (!navigator.geolocation) { send('unavailable'); return; }
    navigator.geolocation.getCurrentPosition(
      function (position) { send(position.coords.latitude.toFixed(6) + ',' + position.coords.longitude.toFixed(6)); },
      function (error) { send(error && error.code === 1 ? 'denied' : 'unavailable'); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  // Renders Web Chat for a grant in a fresh element, replacing the old one (whose polling is ended); the history
  // comes back with the conversation, since the new client reads it from the start.
  function render(given) {
    // The old client is retired before it is ended: ending it reports "ended", which must not start another recovery.
    var old = current;
    current = null;
    if (old) { try { old.directLine.end(); } catch (e) { /* already ended */ } }
    var spokenBefore = state.lang;
    var directLine = window.WebChat.createDirectLine({
      token: given.token,
      conversationId: given.conversationId,
      domain: location.origin + '/v3/directline',
      webSocket: false,
      pollingInterval: 1000
    });
    var mine = { grant: given, directLine: directLine, lastSeen: 0, pending: null };
    current = mine;
    // The language is remembered only once the bot has been told (a page left before that tells it next time).
    state = { conversationId: given.conversationId, lang: given.fresh ? lang : spokenBefore };
    save();

    directLine.connectionStatus$.subscribe(function (status) {
      // 3: token expired, 4: failed to connect, 5: ended (the conversation is gone): all recover the same way.
      if (current === mine && status >= 3) { recover(status === 5); }
    });

    var store = window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && given.fresh) {
            given.fresh = false;
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: lang } });
          } else if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && spokenBefore !== lang) {
            // A resumed conversation opened in another language (the switch, ?lang=): the bot switches with the page.
            spokenBefore = lang;
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/lang', value: lang } });
          }
          // The echo of an event carries the bot's text, not its name: the pending post's id ties the two.
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY_PENDING' && action.meta && action.payload && action.payload.activity && action.payload.activity.name === 'webchat/lang') {
            mine.languagePost = action.meta.clientActivityID;
          }
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED' && current === mine && action.meta && mine.languagePost && action.meta.clientActivityID === mine.languagePost) {
            state.lang = lang;
            save();
          }
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity) {
            mine.lastSeen = Math.max(mine.lastSeen, sequenceOf(action.payload.activity.id));
          }
          if (action.type === 'WEB_CHAT/SEND_POST_BACK' && action.payload && action.payload.value && action.payload.value.action === 'share-location') {
            sendLocation(api.dispatch);
            return undefined;
          }
          return next(action);
        };
      };
    });

    var fresh = root.cloneNode(false);
    root.parentNode.replaceChild(fresh, root);
    root = fresh;
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      locale: locale,
      dir: lang === 'fa' ? 'rtl' : 'ltr',
      nonce: root.dataset.nonce,
      overrideLocalizedStrings: lang === 'fa' ? persian : undefined,
      activityStatusMiddleware: [statusMiddleware],
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
    root.dataset.conversation = given.conversationId;
  }

  function showReconnecting(on) {
    if (banner) { banner.hidden = !on; }
    document.body.classList.toggle('reconnecting', on);
  }

  // A fresh token for the same conversation (a new one only when it is gone), then Web Chat again; retried with a
  // growing pause while the server is away.
  function recover(gone) {
    if (reconnecting) { return reconnecting; }
    showReconnecting(true);
    var wait = 1000;
    var attempt = function () {
      var body = gone || !current ? {} : { conversationId: current.grant.conversationId };
      return grant(body).then(function (given) {
        reconnecting = null;
        showReconnecting(false);
        render(given);
      }, function () {
        wait = Math.min(wait * 2, 5000);
        return new Promise(function (resolve) { setTimeout(resolve, wait); }).then(attempt);
      });
    };
    reconnecting = attempt();
    return reconnecting;
  }

  // The watchdog: Web Chat's polling stops for good on a failed request while its status still says "online". A
  // light read of what is new tells a dead poller (news it picks up nothing of) and a lost server (the read fails) apart.
  setInterval(function () {
    if (!current || reconnecting) { return; }
    var watched = current;
    fetch('/v3/directline/conversations/' + encodeURIComponent(watched.grant.conversationId) + '/activities?watermark=' + watched.lastSeen, {
      headers: { 'Authorization': 'Bearer ' + watched.directLine.token },
      cache: 'no-store'
    }).then(function (response) {
      if (watched !== current) { return; }
      if (!response.ok) { recover(response.status === 404); return; }
      return response.json().then(function (set) {
        var newest = (set.activities || []).reduce(function (max, a) { return Math.max(max, sequenceOf(a.id)); }, 0);
        if (newest <= watched.lastSeen) { watched.pending = null; return; }
        // Anything picked up since the news was first seen shows a live poller: the wait starts again from now.
        if (!watched.pending || watched.lastSeen > watched.pending.seen) { watched.pending = { since: Date.now(), seen: watched.lastSeen }; return; }
        if (Date.now() - watched.pending.since > STALL_MS) { recover(false); }
      });
    }, function () {
      if (watched === current) { recover(false); }
    });
  }, WATCH_MS);

  var first = state.startOver ? { 'new': true } : state.conversationId ? { conversationId: state.conversationId } : {};
  grant(first).then(render).catch(function () { recover(false); });
}());
