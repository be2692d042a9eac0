// The panel's only script (the CSP allows no inline script): live regions, canned replies, the map marker.
(function () {
  'use strict';
  var seconds = parseInt(document.body.getAttribute('data-refresh-seconds') || '0', 10);

  // A region marked data-live is fetched again every few seconds and swapped in when its data-stamp changed,
  // so new tickets and citizen messages appear without a reload and without touching what is being typed.
  function refresh() {
    var regions = document.querySelectorAll('[data-live]');
    if (regions.length === 0) { return; }
    fetch(window.location.href, { credentials: 'same-origin', headers: { 'X-Live-Refresh': '1' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        regions.forEach(function (region) {
          var name = region.getAttribute('data-live');
          var next = fresh.querySelector('[data-live="' + name + '"]');
          if (next && next.getAttribute('data-stamp') !== region.getAttribute('data-stamp')) {
            // Tickets ticked for a bulk action stay ticked when the list is swapped in.
            var ticked = Array.prototype.map.call(region.querySelectorAll('input[name=ids]:checked'), function (box) { return box.value; });
            var swapped = document.importNode(next, true);
            ticked.forEach(function (id) {
              var box = swapped.querySelector('input[name=ids][value="' + id + '"]');
              if (box) { box.checked = true; }
            });
            region.replaceWith(swapped);
          }
        });
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }
  if (seconds > 0) { window.setInterval(refresh, seconds * 1000); }

  // Delegated, so it keeps working after a form's answer is swapped in.
  document.addEventListener('change', function (event) {
    var select = event.target;
    if (select.matches && select.matches('select[data-canned-for]')) {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.getAttribute('data-canned-for'));
      if (target && option && option.getAttribute('data-text')) {
        target.value = option.getAttribute('data-text');
        target.focus();
      }
    }
    if (select.matches && select.matches('input[data-select-all]')) {
      document.querySelectorAll('input[name=ids][form=bulk]').forEach(function (box) { box.checked = select.checked; });
    }
  });

  // Ticket actions update in place: the form is posted with fetch (its antiforgery field included), and the page's
  // answer replaces the page's main part. Without script the same forms post and reload as usual.
  var busy = false;
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute('data-inplace') || busy || !window.fetch || !window.FormData) { return; }
    event.preventDefault();
    busy = true;
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) { body.append(event.submitter.name, event.submitter.value); }
    var main = document.querySelector('main.page');
    main.setAttribute('aria-busy', 'true');
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'X-In-Place': '1' } })
      .then(function (response) {
        var landed = new URL(response.url, window.location.href);
        if (landed.pathname !== window.location.pathname) { window.location.assign(response.url); return null; }
        if (response.redirected && landed.href !== window.location.href) { window.history.replaceState(null, '', landed.href); }
        return response.text();
      })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var next = fresh.querySelector('main.page');
        if (!next) { return; }
        document.title = fresh.title;
        main.replaceWith(document.importNode(next, true));
        placeMarkers();
        var told = document.querySelector('main.page [role=alert], main.page .flash');
        if (told) { told.setAttribute('tabindex', '-1'); told.focus(); }
      })
      .catch(function () { form.submit(); })
      .then(function () { busy = false; var m = document.querySelector('main.page'); if (m) { m.removeAttribute('aria-busy'); } });
  });

  // The ticket page's keyboard shortcuts (listed on the page): not while typing, except Ctrl+Enter to send.
  document.addEventListener('keydown', function (event) {
    var composer = document.getElementById('reply');
    if (!composer || !composer.classList.contains('composer')) { return; }
    var target = event.target;
    var typing = target && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable);
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && target && target.form === composer) {
      event.preventDefault();
      composer.requestSubmit();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var text = document.getElementById('reply-text');
    function mode(value) {
      var radio = composer.querySelector('input[name=Mode][value=' + value + ']');
      if (radio) { radio.checked = true; }
      if (text) { text.focus(); }
    }
    switch (event.key) {
      case 'r': event.preventDefault(); mode('reply'); break;
      case 'i': event.preventDefault(); mode('note'); break;
      case 's': event.preventDefault(); var status = document.getElementById('compose-status'); if (status) { status.focus(); } break;
      case 't': var take = document.querySelector('#take'); if (take) { event.preventDefault(); take.requestSubmit(); } break;
      case 'n': var next = document.getElementById('next-ticket'); if (next) { event.preventDefault(); window.location.assign(next.href); } break;
      case '?': var help = document.getElementById('shortcuts'); if (help) { event.preventDefault(); help.open = !help.open; } break;
      default: break;
    }
  });

  // On a phone the queue's filters fold away behind one button unless some are in use.
  document.querySelectorAll('form[data-collapse-on-phone]').forEach(function (form) {
    if (!window.matchMedia('(max-width: 760px)').matches) { return; }
    form.classList.add('folded');
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'fold-toggle';
    toggle.textContent = document.documentElement.lang === 'fa' ? 'فیلترها ▾' : 'Filters ▾';
    toggle.addEventListener('click', function () { form.classList.toggle('folded'); });
    form.insertBefore(toggle, form.children[1]);
  });

  function placeMarkers() {
    document.querySelectorAll('.map[data-marker-left]').forEach(function (map) {
      var left = parseInt(map.getAttribute('data-marker-left'), 10);
      var top = parseInt(map.getAttribute('data-marker-top'), 10);
      var marker = map.querySelector('.marker');
      if (marker) { marker.style.left = left + 'px'; marker.style.top = top + 'px'; }
      map.scrollLeft = left - map.clientWidth / 2;
      map.scrollTop = top - map.clientHeight / 2;
    });
  }
  placeMarkers();
})();
