// The notification texts page: each text's preview follows what is typed, with its holes filled by examples,
// and a changed text is marked so one save for the page shows what it will change.
(function () {
  'use strict';
  var counter = document.querySelector('[data-changed-count]');
  function countChanged() {
    if (!counter) { return; }
    var n = document.querySelectorAll('.text-card.changed').length;
    counter.textContent = n > 0 ? n.toLocaleString(document.documentElement.lang === 'fa' ? 'fa-IR' : 'en') + ' ' + counter.getAttribute('data-label') : '';
  }
  document.querySelectorAll('.text-card').forEach(function (card) {
    var holes = card.querySelectorAll('[data-hole]');
    var fields = card.querySelectorAll('textarea');
    function fill(text, language) {
      return text.replace(/\{\d+\}/g, function (hole) {
        for (var i = 0; i < holes.length; i++) {
          if (holes[i].getAttribute('data-hole') === hole) { return holes[i].getAttribute('data-sample-' + language) || hole; }
        }
        return hole;
      });
    }
    function update() {
      var changed = false;
      fields.forEach(function (field) {
        var language = field.name.split(':')[0];
        var preview = card.querySelector('[data-preview="' + field.name + '"]');
        if (preview) { preview.textContent = fill(field.value, language); }
        if (field.value.replace(/\r\n/g, '\n').trim() !== (field.getAttribute('data-original') || '')) { changed = true; }
      });
      card.classList.toggle('changed', changed);
      countChanged();
    }
    fields.forEach(function (field) { field.addEventListener('input', update); });
    update();
  });
})();
