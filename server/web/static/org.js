// First-party script of the org pages (CSP: script-src 'self'): arrow keys in the org chart,
// PNG export of the chart (rasterised from the same-origin SVG), and drag-and-drop ordering of
// sections (the arrow buttons do the same without a script).
(() => {
  // Org chart: arrow keys move between boxes in reading order; Enter follows the link (native).
  for (const chart of document.querySelectorAll('[data-org-chart]')) {
    // A chart wider than its frame opens on its first top box (drawn above the middle of its
    // children, often past the frame's right edge), not on its empty left margin.
    const top = chart.querySelector('a.chart-node');
    if (top && chart.scrollWidth > chart.clientWidth) {
      const box = top.getBoundingClientRect();
      const frame = chart.getBoundingClientRect();
      chart.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
    }
    chart.addEventListener('keydown', (event) => {
      if (!['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
      const boxes = [...chart.querySelectorAll('a.chart-node')];
      if (!boxes.length) return;
      const index = boxes.indexOf(document.activeElement);
      let next = index;
      if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = boxes.length - 1;
      else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = Math.min(boxes.length - 1, index + 1);
      else next = Math.max(0, index - 1);
      event.preventDefault();
      boxes[next].focus();
    });
  }

  // PNG export: draw the SVG on a canvas at twice its size and download the result.
  for (const button of document.querySelectorAll('[data-chart-png]')) {
    button.addEventListener('click', () => {
      const image = new Image();
      image.onload = () => {
        const scale = 2;
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth * scale;
        canvas.height = image.naturalHeight * scale;
        const context = canvas.getContext('2d');
        context.scale(scale, scale);
        context.drawImage(image, 0, 0);
        canvas.toBlob((blob) => {
          if (!blob) return;
          const link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = button.getAttribute('data-filename') || 'org-chart.png';
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
        }, 'image/png');
      };
      image.src = button.getAttribute('data-chart-png');
    });
  }

  // Sections: drag one onto another to move it there, then save the order through the JSON API.
  for (const list of document.querySelectorAll('ol[data-reorder-url]')) {
    let dragged = null;
    list.addEventListener('dragstart', (event) => {
      dragged = event.target.closest('li[data-section-id]');
      if (dragged) event.dataTransfer.effectAllowed = 'move';
    });
    list.addEventListener('dragover', (event) => {
      if (dragged) event.preventDefault();
    });
    list.addEventListener('drop', async (event) => {
      const target = event.target.closest('li[data-section-id]');
      if (!dragged || !target || target === dragged) return;
      event.preventDefault();
      const after = [...list.children].indexOf(dragged) < [...list.children].indexOf(target);
      target.insertAdjacentElement(after ? 'afterend' : 'beforebegin', dragged);
      dragged = null;
      // Hidden sections keep their place after the visible ones.
      const hidden = [...document.querySelectorAll('.hidden-sections [data-section-id]')].map((el) => el.getAttribute('data-section-id'));
      const ids = [...list.querySelectorAll('li[data-section-id]')].map((li) => li.getAttribute('data-section-id')).concat(hidden);
      const response = await fetch(list.getAttribute('data-reorder-url'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': list.getAttribute('data-csrf') },
        body: JSON.stringify({ ids }),
        credentials: 'same-origin',
      });
      // Either way the page shows the order the server kept (a refusal leaves it unchanged).
      if (response.status !== 204) window.location.reload();
    });
  }
})();
