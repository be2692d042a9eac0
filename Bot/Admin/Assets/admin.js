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
            region.replaceWith(document.importNode(next, true));
          }
        });
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }
  if (seconds > 0) { window.setInterval(refresh, seconds * 1000); }

  document.querySelectorAll('select[data-canned-for]').forEach(function (select) {
    select.addEventListener('change', function () {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.getAttribute('data-canned-for'));
      if (target && option && option.getAttribute('data-text')) {
        target.value = option.getAttribute('data-text');
        target.focus();
      }
    });
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

  document.querySelectorAll('.map[data-marker-left]').forEach(function (map) {
    var left = parseInt(map.getAttribute('data-marker-left'), 10);
    var top = parseInt(map.getAttribute('data-marker-top'), 10);
    var marker = map.querySelector('.marker');
    if (marker) { marker.style.left = left + 'px'; marker.style.top = top + 'px'; }
    map.scrollLeft = left - map.clientWidth / 2;
    map.scrollTop = top - map.clientHeight / 2;
  });
})();
