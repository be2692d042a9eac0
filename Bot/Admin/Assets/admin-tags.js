// Keywords as tags: an input marked data-tags holding "a|b|c" becomes chips plus a box to type the next one.
// Without this script the input still works as "a|b|c" text; with it the form sends the same value.
(function () {
  'use strict';
  document.querySelectorAll('input[data-tags]').forEach(function (source) {
    var words = source.value.split('|').map(function (w) { return w.trim(); }).filter(function (w) { return w.length > 0; });
    var box = document.createElement('div');
    box.className = 'tags';
    box.setAttribute('dir', source.getAttribute('dir') || 'auto');
    var list = document.createElement('ul');
    list.className = 'tag-list';
    var typing = document.createElement('input');
    typing.type = 'text';
    typing.className = 'tag-input';
    typing.lang = source.lang;
    typing.setAttribute('dir', source.getAttribute('dir') || 'auto');
    typing.setAttribute('aria-label', source.closest('label') ? source.closest('label').firstChild.textContent.trim() : '');
    source.type = 'hidden';
    source.parentNode.insertBefore(box, source.nextSibling);
    box.appendChild(list);
    box.appendChild(typing);

    function sync() { source.value = words.join('|'); }
    function render() {
      list.textContent = '';
      words.forEach(function (word, index) {
        var item = document.createElement('li');
        item.className = 'tag';
        item.textContent = word;
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'tag-remove';
        remove.textContent = '×';
        remove.setAttribute('aria-label', (source.getAttribute('data-remove') || 'Remove {0}').replace('{0}', word));
        remove.addEventListener('click', function () { words.splice(index, 1); sync(); render(); typing.focus(); });
        item.appendChild(remove);
        list.appendChild(item);
      });
    }
    function add(text) {
      text.split(/[|,،\n]/).map(function (w) { return w.trim(); }).forEach(function (word) {
        if (word.length > 0 && words.indexOf(word) < 0) { words.push(word); }
      });
      sync();
      render();
    }
    typing.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ',' || e.key === '،') {
        e.preventDefault();
        add(typing.value);
        typing.value = '';
      } else if (e.key === 'Backspace' && typing.value === '' && words.length > 0) {
        words.pop();
        sync();
        render();
      }
    });
    // A word typed but not yet confirmed with Enter is kept when the form is sent.
    typing.addEventListener('blur', function () { if (typing.value.trim()) { add(typing.value); typing.value = ''; } });
    source.form.addEventListener('submit', function () { if (typing.value.trim()) { add(typing.value); typing.value = ''; } });
    render();
  });
})();
