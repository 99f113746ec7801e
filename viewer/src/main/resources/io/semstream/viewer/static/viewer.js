// The viewer's pages: a list of streams, and one stream's pictures, traces and charts, kept live by the
// server's event stream. No libraries: the charts are SVG polylines drawn here.
'use strict';
const SemStreamViewer = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const W = 380, H = 140, PAD = 44;

  function fmt(x, digits) {
    return x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits);
  }

  // The server subscribes a page before it answers, so whatever the page fetches once the stream is open
  // (onOpen) is never older than the first event it receives.
  function connect(url, handlers, onOpen) {
    const status = document.getElementById('status');
    const source = new EventSource(url);
    source.onopen = () => { status.textContent = 'live'; if (onOpen) onOpen(); };
    source.onerror = () => { status.textContent = 'reconnecting…'; };
    for (const [type, fn] of Object.entries(handlers)) {
      source.addEventListener(type, e => fn(JSON.parse(e.data)));
    }
    return source;
  }

  // ---- the list of streams ----
  function listPage() {
    const body = document.querySelector('#streams tbody');
    let pending = false;
    async function refresh() {
      pending = false;
      const rows = await (await fetch('/api/streams')).json();
      document.getElementById('empty').hidden = rows.length > 0;
      body.replaceChildren(...rows.map(r => {
        const tr = document.createElement('tr');
        tr.dataset.stream = r.id;
        const last = r.last || {};
        const quality = r.kind === 'telemetry' ? fmt(last.nmseDb, 2) + ' dB NMSE' : fmt(last.psnr, 2) + ' dB';
        const cells = [r.kind, last.codec || '–', r.reconstructions, r.lost, r.deadLetters, r.deltas, quality,
          fmt(last.snrDb, 1) + ' dB', fmt(last.cbr, 4)];
        const a = document.createElement('a');
        a.href = '/stream.html?id=' + encodeURIComponent(r.id);
        a.textContent = r.id;
        const first = document.createElement('td');
        first.append(a);
        tr.append(first, ...cells.map(c => { const td = document.createElement('td'); td.textContent = c; return td; }));
        return tr;
      }));
    }
    const later = () => { if (!pending) { pending = true; setTimeout(refresh, 250); } };
    connect('/events', { 'point': later, 'delta': later, 'dead-letter': later }, refresh);
  }

  // ---- one stream ----
  const VIDEO_CHARTS = [
    { id: 'psnr', title: 'PSNR (dB)', series: [['PSNR', p => p.psnr]] },
    { id: 'msssim', title: 'MS-SSIM', series: [['MS-SSIM', p => p.msssim]] },
    { id: 'snr', title: 'channel SNR (dB)', series: [['SNR', p => p.snrDb]] },
    { id: 'cbr', title: 'CBR (channel uses per source dimension)', series: [
      ['data', p => p.cbr - p.cbrSideInfo - p.cbrDelta], ['side info', p => p.cbrSideInfo], ['model deltas', p => p.cbrDelta]] },
    { id: 'latency', title: 'latency (ms)', series: [['latency', p => p.latencyMs]] },
    { id: 'version', title: 'model version (dashes: deltas)', series: [['version', p => p.modelVersion]], marks: true },
    { id: 'losses', title: 'lost and dead-lettered (cumulative)', series: [['lost', (p, s) => s.lostSoFar],
      ['dead letters', (p, s) => s.deadSoFar]] },
  ];
  const TELEMETRY_CHARTS = [
    { id: 'nmse', title: 'NMSE (dB)', series: [['NMSE', p => p.nmseDb]] },
    { id: 'snr', title: 'channel SNR (dB)', series: [['SNR', p => p.snrDb]] },
    { id: 'cbr', title: 'CBR (channel uses per sample)', series: [['CBR', p => p.cbr]] },
    { id: 'latency', title: 'latency (ms)', series: [['latency', p => p.latencyMs]] },
    { id: 'losses', title: 'lost and dead-lettered (cumulative)', series: [['lost', (p, s) => s.lostSoFar],
      ['dead letters', (p, s) => s.deadSoFar]] },
  ];

  function svgEl(name, attrs) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  }

  function chartBox(parent, id, title, names) {
    const box = document.createElement('div');
    box.className = 'chart';
    box.id = 'chart-' + id;
    box.dataset.points = '0';
    const h = document.createElement('h2');
    h.textContent = title;
    const legend = document.createElement('div');
    legend.className = 'legend';
    names.forEach((n, i) => { const s = document.createElement('span'); s.className = 'k' + i; s.textContent = '— ' + n; legend.append(s); });
    const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none' });
    box.append(h, legend, svg);
    parent.append(box);
    return box;
  }

  // Draws series of [x, y] onto a chart box; marks are x positions drawn as dashed lines.
  function draw(box, lines, marks) {
    const svg = box.querySelector('svg');
    const xs = [], ys = [];
    lines.forEach(l => l.forEach(([x, y]) => { xs.push(x); ys.push(y); }));
    svg.replaceChildren();
    box.dataset.points = String(lines.reduce((n, l) => n + l.length, 0));
    if (xs.length === 0) return;
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    if (x1 === x0) x1 = x0 + 1;
    if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const sx = x => PAD + (x - x0) / (x1 - x0) * (W - PAD - 6);
    const sy = y => H - 14 - (y - y0) / (y1 - y0) * (H - 22);
    svg.append(svgEl('line', { class: 'axis', x1: PAD, y1: H - 14, x2: W - 6, y2: H - 14 }));
    svg.append(svgEl('line', { class: 'axis', x1: PAD, y1: 8, x2: PAD, y2: H - 14 }));
    const label = (x, y, text, anchor) => { const t = svgEl('text', { x, y, 'text-anchor': anchor }); t.textContent = text; svg.append(t); };
    const digits = Math.abs(y1 - y0) < 1 ? 3 : 1;
    label(PAD - 3, 12, fmt(y1, digits), 'end');
    label(PAD - 3, H - 14, fmt(y0, digits), 'end');
    label(PAD, H - 2, String(x0), 'start');
    label(W - 6, H - 2, String(x1), 'end');
    (marks || []).forEach(m => svg.append(svgEl('line', { class: 'mark', x1: sx(m), y1: 8, x2: sx(m), y2: H - 14 })));
    lines.forEach((l, i) => {
      if (l.length === 0) return;
      svg.append(svgEl('polyline', { class: 's' + i, points: l.map(([x, y]) => sx(x).toFixed(1) + ',' + sy(y).toFixed(1)).join(' ') }));
    });
  }

  function drawTraces(section, traces) {
    const o = traces.original, r = traces.reconstruction;
    if (!r) return;
    section.hidden = false;
    section.replaceChildren();
    const channels = r.channels.length, n = r.samples.length / channels;
    for (let c = 0; c < Math.min(channels, 6); c++) {
      const box = chartBox(section, 'trace-' + c, 'window ' + traces.seq + ': ' + r.channels[c], ['original', 'reconstruction']);
      const line = t => t ? Array.from({ length: n }, (_, i) => [i, t.samples[c * n + i]]).filter(([, y]) => Number.isFinite(y)) : [];
      draw(box, [line(o), line(r)]);
    }
  }

  function streamPage(id) {
    document.getElementById('title').textContent = id;
    document.title = 'SemStream: ' + id;
    const empty = { id, kind: 'video', points: [], deltas: [], deadLetters: 0, lost: 0, reconstructions: 0, latestSeq: -1 };
    let snapshot = empty, points = [], deltas = [], deadAt = [], dead = 0, kind = 'video', boxes = null;
    let queued = null;  // events that arrive while a snapshot is being fetched
    const counters = document.getElementById('counters');
    const events = document.getElementById('event-list');

    function build() {
      const section = document.getElementById('charts');
      section.replaceChildren();
      boxes = (kind === 'telemetry' ? TELEMETRY_CHARTS : VIDEO_CHARTS).map(c => ({ c, box: chartBox(section, c.id, c.title, c.series.map(s => s[0])) }));
      document.getElementById('pictures').hidden = kind === 'telemetry';
    }

    function render() {
      if (!boxes) build();
      let lost = 0, d = 0;
      const state = points.map(p => {
        if (p.lost) lost++;
        while (d < deadAt.length && deadAt[d] <= p.seq) d++;
        return { lostSoFar: lost, deadSoFar: d };
      });
      for (const { c, box } of boxes) {
        const lines = c.series.map(([, f]) => points.map((p, i) => [p.seq, f(p, state[i])])
          .filter(([, y]) => y !== null && y !== undefined && Number.isFinite(y)));
        draw(box, lines, c.marks ? deltas.map(e => nearestSeq(e.timeMs)) : null);
      }
      const last = points[points.length - 1] || {};
      counters.replaceChildren();
      const stat = (k, v) => { const div = document.createElement('div'); div.append(k, document.createElement('br')); const b = document.createElement('b'); b.textContent = v; div.append(b); counters.append(div); };
      stat('reconstructions', snapshot.reconstructions);
      stat('codec', last.codec || '–');
      stat(kind === 'telemetry' ? 'NMSE' : 'PSNR', kind === 'telemetry' ? fmt(last.nmseDb, 2) + ' dB' : fmt(last.psnr, 2) + ' dB');
      stat('SNR', fmt(last.snrDb, 1) + ' dB');
      stat('CBR', fmt(last.cbr, 4));
      stat('model version', last.modelVersion ?? '–');
      stat('lost', lost);
      stat('dead letters', dead);
    }

    function nearestSeq(timeMs) {
      let best = points.length ? points[0].seq : 0;
      for (const p of points) { if (p.timeMs <= timeMs) best = p.seq; }
      return best;
    }

    function showPictures(seq) {
      const q = '/api/picture?id=' + encodeURIComponent(id) + '&seq=' + seq;
      const o = document.getElementById('original'), r = document.getElementById('reconstruction');
      o.dataset.seq = r.dataset.seq = String(seq);
      o.src = q + '&which=original';
      r.src = q + '&which=reconstruction';
      document.getElementById('original-seq').textContent = '#' + seq;
      document.getElementById('reconstruction-seq').textContent = '#' + seq;
    }

    async function showTraces(seq) {
      const t = await (await fetch('/api/traces?id=' + encodeURIComponent(id) + '&seq=' + seq)).json();
      drawTraces(document.getElementById('traces'), t);
    }

    function note(text) {
      const li = document.createElement('li');
      li.textContent = text;
      events.prepend(li);
      while (events.children.length > 200) events.lastChild.remove();
    }
    const deltaText = e => 'model ' + e.baseVersion + ' → ' + e.newVersion + (e.full ? ' (full)' : '') + ', ' + e.channelUses + ' channel uses';

    let scheduled = false;
    const later = () => { if (!scheduled) { scheduled = true; requestAnimationFrame(() => { scheduled = false; render(); }); } };

    function show(seq) {
      if (seq < 0) return;
      if (kind === 'telemetry') showTraces(seq); else showPictures(seq);
    }

    const apply = {
      'point': p => {
        if (points.length && p.seq <= points[points.length - 1].seq) return;  // already in the snapshot
        if (p.nmseDb !== null && p.nmseDb !== undefined && kind !== 'telemetry') { kind = 'telemetry'; boxes = null; }
        points.push(p);
        if (points.length > 2000) points.shift();
        snapshot.reconstructions++;
        show(p.seq);
      },
      'delta': e => {
        if (deltas.length && e.newVersion <= deltas[deltas.length - 1].newVersion && !e.full) return;
        deltas.push(e);
        note(deltaText(e));
      },
      'dead-letter': m => {
        if (m.count <= dead) return;
        dead = m.count;
        deadAt.push(points.length ? points[points.length - 1].seq : 0);
        note('dead letter: ' + m.reason);
      },
    };
    const handler = type => m => {
      if (queued) { queued.push([type, m.data]); return; }
      apply[type](m.data);
      later();
    };

    async function load() {
      queued = [];
      const response = await fetch('/api/stream?id=' + encodeURIComponent(id));
      snapshot = response.ok ? await response.json() : { ...empty };
      points = snapshot.points;
      deltas = snapshot.deltas;
      dead = snapshot.deadLetters;
      deadAt = Array(dead).fill(snapshot.latestSeq);
      kind = snapshot.kind;
      boxes = null;
      events.replaceChildren();
      deltas.forEach(e => note(deltaText(e)));
      show(snapshot.latestSeq);
      const pending = queued;
      queued = null;
      pending.forEach(([type, data]) => apply[type](data));
      render();
    }

    render();
    connect('/events?id=' + encodeURIComponent(id),
      { 'point': handler('point'), 'delta': handler('delta'), 'dead-letter': handler('dead-letter') }, load);
  }

  return { listPage, streamPage };
})();
