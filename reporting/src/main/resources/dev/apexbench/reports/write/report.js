/* apex-bench report charts. Reads the JSON in #report-data (written by HtmlReport) and draws
 * with the inlined ECharts. Animations are off so that a screenshot or a print shows the data. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  var RED = '#c62828', GREEN = '#2e7d32', GREY = '#6b7280';

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === 'undefined') { return; }
    option.animation = false;
    option.textStyle = { fontFamily: 'system-ui, sans-serif' };
    var c = echarts.init(el);
    c.setOption(option);
    charts.push(c);
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  function num(v) {
    if (v === null || v === undefined || isNaN(v)) { return '-'; }
    var a = Math.abs(v);
    if (a >= 100) { return v.toFixed(0); }
    if (a >= 10) { return v.toFixed(1); }
    if (a >= 1) { return v.toFixed(2); }
    return v.toFixed(3);
  }
  function ms(v) { return num(v) + ' ms'; }
  /* The smallest 1, 2, 2.5 or 5 times a power of ten that is at least v: a round axis end. */
  function niceCeil(v) {
    if (!(v > 0)) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log(v) / Math.LN10));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  /* Per query class: horizontal bars p50/p95/p99, mean as a diamond, the target as a red line. */
  (data.queryClasses || []).forEach(function (cls) {
    var qs = cls.queries;
    var names = qs.map(function (q) { return q.name; });
    var cats = qs.map(function (q) {
      var fail = q.pass === false;
      return { value: q.name, textStyle: { color: fail ? RED : '#111827', fontWeight: fail ? 'bold' : 'normal' } };
    });
    function col(key) { return qs.map(function (q) { return q[key]; }); }
    var judged = (qs[0] && qs[0].statistic) || 'p95';
    var valueLabel = { show: true, position: 'top', distance: 4, fontSize: 11, color: '#111827', formatter: function (p) { return num(p.value[0]); } };
    /* a dot plot: bars cannot start at zero on a log axis */
    var bar = function (key, color, size) {
      return { name: key, type: 'scatter', symbol: 'circle', symbolSize: size, z: 4, itemStyle: { color: color, borderColor: '#fff' },
        data: qs.map(function (q, i) { return [q[key], names[i]]; }), label: key === judged ? valueLabel : undefined };
    };
    var series = [
      bar('p50', '#9ecae1', 11),
      bar('p95', '#4292c6', 13),
      bar('p99', '#08519c', 11),
      { name: 'mean', type: 'scatter', symbol: 'diamond', symbolSize: 11, z: 5, itemStyle: { color: '#f59e0b', borderColor: '#fff' },
        data: qs.map(function (q, i) { return [q.mean, names[i]]; }) }
    ];
    /* a log axis: sub-millisecond queries and their 10-100 ms targets on one readable scale */
    var highest = Math.max.apply(null, qs.map(function (q) { return Math.max(q.p99 || 0, q.limit || 0, q.mean || 0); }));
    var lowest = Math.min.apply(null, qs.map(function (q) { return Math.min(q.p50 || Infinity, q.mean || Infinity); }));
    var xmax = Math.pow(10, Math.ceil(Math.log(highest * 1.05) / Math.LN10));
    var xmin = isFinite(lowest) && lowest > 0 ? Math.pow(10, Math.floor(Math.log(lowest) / Math.LN10)) : xmax / 1000;
    if (cls.limit !== undefined) {
      series[1].markLine = { symbol: 'none', silent: true, lineStyle: { color: RED, type: 'dashed', width: 2 },
        label: { formatter: cls.limitText, color: RED, position: 'start', fontWeight: 'bold' }, data: [{ xAxis: cls.limit }] };
    } else {
      series.push({ name: 'target', type: 'scatter', symbol: 'rect', symbolSize: [3, 34], z: 6, itemStyle: { color: RED },
        data: qs.filter(function (q) { return q.limit !== undefined; })
          .map(function (q) { return { value: [q.limit, q.name], statistic: q.statistic }; }),
        tooltip: { formatter: function (p) { return p.value[1] + ': target ' + p.data.statistic + ' < ' + ms(p.value[0]); } } });
    }
    draw(cls.id, {
      tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + ' of ' + p.value[1] + ': ' + ms(p.value[0]); } },
      legend: { bottom: 0 },
      grid: { left: 10, right: 50, top: 28, bottom: 62, containLabel: true },
      xAxis: { type: 'log', logBase: 10, name: 'ms (log scale)', nameLocation: 'middle', nameGap: 24, min: xmin, max: xmax,
        axisLabel: { formatter: function (v) { return num(v); } }, splitLine: { lineStyle: { color: '#eee' } } },
      yAxis: { type: 'category', data: cats, inverse: true, axisLabel: { fontFamily: 'ui-monospace, monospace', fontSize: 12 } },
      series: series
    });
  });

  /* Load over time: throughput (achieved vs scheduled, failures) and latency (log scale). */
  var tl = data.timeline;
  if (tl) {
    var pairs = function (ys, positive) {
      return tl.t.map(function (t, i) { var y = ys[i]; return [t, positive && !(y > 0) ? null : y]; });
    };
    /* the load generator's pauses and arrival gaps over their limit, shaded: latencies there are understated */
    var stalls = (tl.stalls || []).map(function (s) {
      return [{ name: s.label, xAxis: s.from, itemStyle: { color: 'rgba(220, 38, 38, 0.15)' } }, { xAxis: s.to }];
    });
    var stallArea = { silent: true, label: { show: true, position: 'insideTop', fontSize: 11, color: RED }, data: stalls };
    draw('chart-throughput', {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 60, right: 30, top: 36, bottom: 56 },
      xAxis: { type: 'value', name: 'time (s)', nameLocation: 'middle', nameGap: 26, min: 0, max: 'dataMax' },
      yAxis: { type: 'value', name: 'requests / s' },
      series: [
        { name: 'achieved', type: 'line', showSymbol: false, data: pairs(tl.requests), itemStyle: { color: '#2563eb' }, lineStyle: { width: 2 }, markArea: stallArea },
        { name: 'scheduled', type: 'line', showSymbol: false, data: pairs(tl.scheduled), itemStyle: { color: GREY }, lineStyle: { type: 'dashed' } },
        { name: 'failed (ko)', type: 'bar', data: pairs(tl.ko), itemStyle: { color: RED }, barMaxWidth: 6 }
      ]
    });
    draw('chart-latency', {
      tooltip: { trigger: 'axis', valueFormatter: ms },
      legend: { bottom: 0 },
      grid: { left: 60, right: 30, top: 36, bottom: 56 },
      xAxis: { type: 'value', name: 'time (s)', nameLocation: 'middle', nameGap: 26, min: 0, max: 'dataMax' },
      yAxis: { type: 'log', name: 'ms (log scale)', logBase: 10, axisLabel: { formatter: function (v) { return num(v); } } },
      series: [
        { name: 'p50', type: 'line', showSymbol: false, data: pairs(tl.p50, true), itemStyle: { color: '#60a5fa' }, markArea: stallArea },
        { name: 'p99', type: 'line', showSymbol: false, data: pairs(tl.p99, true), itemStyle: { color: '#1e40af' } },
        { name: 'max', type: 'line', showSymbol: false, data: pairs(tl.max, true), itemStyle: { color: '#f59e0b' }, lineStyle: { width: 1 } }
      ]
    });
  }

  /* Where the time went: per endpoint group, the parts' means stacked (they add up to the client's mean). */
  var bd = data.breakdown;
  if (bd && bd.length) {
    var PARTS = ['queue', 'pool', 'db', 'encode', 'other', 'network+client'];
    var COLORS = ['#f59e0b', '#c62828', '#2563eb', '#7c3aed', '#9ca3af', '#10b981'];
    var groups = bd.map(function (g) { return g.group; });
    draw('chart-breakdown', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: ms },
      legend: { top: 0 },
      grid: { left: 100, right: 30, top: 30, bottom: 30 },
      xAxis: { type: 'value', name: 'mean ms per request', nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', data: groups, inverse: true },
      series: PARTS.map(function (part, i) {
        return { name: part, type: 'bar', stack: 'time', itemStyle: { color: COLORS[i] }, barMaxWidth: 28,
          data: bd.map(function (g) { return g.parts[part]; }) };
      })
    });
  }

  /* Capacity: achieved against offered rate per step, and the fitted USL over concurrency. */
  var cap = data.capacity;
  if (cap && cap.steps && cap.steps.length) {
    var series = [
      { name: 'achieved (met every target)', type: 'scatter', symbolSize: 10, itemStyle: { color: GREEN },
        data: cap.steps.filter(function (s) { return s.pass; }).map(function (s) { return [s.offered, s.achieved]; }) },
      { name: 'achieved (failed a target)', type: 'scatter', symbolSize: 10, itemStyle: { color: RED },
        data: cap.steps.filter(function (s) { return !s.pass; }).map(function (s) { return [s.offered, s.achieved]; }) },
      { name: 'p95 ms (right axis)', type: 'line', yAxisIndex: 1, itemStyle: { color: '#f59e0b' },
        data: cap.steps.slice().sort(function (a, b) { return a.offered - b.offered; }).map(function (s) { return [s.offered, s.p95]; }) }
    ];
    if (cap.usl) {
      var u = cap.usl, curve = [];
      var ns = cap.steps.map(function (s) { return [s.n, s.achieved]; }).sort(function (a, b) { return a[0] - b[0]; });
      /* the USL gives throughput at concurrency N; drawn at the steps' (offered, achieved) by N, between measured N */
      ns.forEach(function (p) {
        var x = u.lambda * p[0] / (1 + u.sigma * (p[0] - 1) + u.kappa * p[0] * (p[0] - 1));
        curve.push([p[1], x]);
      });
      series.push({ name: 'USL fit at each step\'s concurrency', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' },
        itemStyle: { color: GREY }, data: curve });
    }
    draw('chart-capacity', {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      grid: { left: 60, right: 60, top: 30, bottom: 56 },
      xAxis: { type: 'value', name: 'offered requests/s', nameLocation: 'middle', nameGap: 26 },
      yAxis: [{ type: 'value', name: 'achieved requests/s' }, { type: 'log', name: 'p95 ms', logBase: 10 }],
      series: series
    });
  }

  /* Growth with the data: p95 per query over scale, log-log, with each target and projected breach. */
  var gr = data.growth;
  if (gr && gr.length) {
    var gseries = gr.map(function (g) {
      return { name: g.query, type: 'line', data: g.points, symbolSize: 6,
        markPoint: g.breach ? { symbol: 'pin', symbolSize: 30, data: [{ coord: [g.breach, g.limit], value: 'breach' }] } : undefined };
    });
    var limits = {};
    gr.forEach(function (g) { if (g.limit) { limits[g.limit] = true; } });
    Object.keys(limits).forEach(function (l) {
      gseries.push({ name: 'target ' + l + ' ms', type: 'line', symbol: 'none', lineStyle: { color: RED, type: 'dashed' },
        itemStyle: { color: RED }, data: [[0.01, Number(l)], [1000, Number(l)]] });
    });
    draw('chart-growth', {
      tooltip: { trigger: 'item', valueFormatter: ms },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 60, right: 30, top: 20, bottom: 70 },
      xAxis: { type: 'log', name: 'data scale (1 = 50,000 rows)', nameLocation: 'middle', nameGap: 26, logBase: 10 },
      yAxis: { type: 'log', name: 'p95 ms', logBase: 10, axisLabel: { formatter: function (v) { return num(v); } } },
      series: gseries
    });
  }

  /* Schema variants: grouped bars of p95 per query, one bar per variant (log axis: lookups and scans together). */
  var ex = data.experiment;
  if (ex && ex.variants && ex.variants.length) {
    var VCOL = ['#6b7280', '#2563eb', '#10b981', '#f59e0b', '#7c3aed'];
    draw('chart-experiment', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: ms },
      legend: { top: 0 },
      grid: { left: 220, right: 30, top: 30, bottom: 30 },
      xAxis: { type: 'log', name: 'p95 ms', logBase: 10, axisLabel: { formatter: function (v) { return num(v); } } },
      yAxis: { type: 'category', data: ex.queries, inverse: true },
      series: ex.variants.map(function (v, i) {
        return { name: v.variant, type: 'bar', itemStyle: { color: VCOL[i % VCOL.length] }, data: v.p95 };
      })
    });
  }

  /* Hit rates per window against their targets. */
  var hr = data.hitRates;
  if (hr) {
    var values = hr.index.concat(hr.cache).filter(function (v) { return v !== null; });
    if (hr.indexLimit !== undefined) { values.push(hr.indexLimit); }
    if (hr.cacheLimit !== undefined) { values.push(hr.cacheLimit); }
    var ymin = Math.max(0, Math.floor(Math.min.apply(null, values.length ? values : [0]) / 5) * 5 - 5);
    var line = function (value, text, color) {
      return value === undefined ? undefined : { symbol: 'none', silent: true, lineStyle: { color: color, type: 'dashed', width: 2 },
        label: { formatter: text, color: color, position: 'end', fontWeight: 'bold' }, data: [{ yAxis: value }] };
    };
    var label = { show: true, position: 'insideBottom', distance: 8, color: '#fff', fontWeight: 'bold', fontSize: 11, formatter: function (p) { return p.value === null ? '' : p.value.toFixed(2) + ' %'; } };
    draw('chart-hitrates', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null ? '-' : v.toFixed(2) + ' %'; } },
      legend: { bottom: 0 },
      grid: { left: 60, right: 150, top: 30, bottom: 56 },
      xAxis: { type: 'category', data: hr.windows },
      yAxis: { type: 'value', name: 'hit rate (%)', min: ymin, max: 100 },
      series: [
        { name: 'index hit rate', type: 'bar', data: hr.index, itemStyle: { color: '#4292c6' }, label: label, barMaxWidth: 60, barGap: '40%',
          markLine: line(hr.indexLimit, hr.indexLimitText, '#4292c6') },
        { name: 'cache hit rate', type: 'bar', data: hr.cache, itemStyle: { color: '#74c476' }, label: label, barMaxWidth: 60,
          markLine: line(hr.cacheLimit, hr.cacheLimitText, GREEN) }
      ]
    });
  }

  /* Comparison: change per metric with its interval; the band is the minimum effect. */
  var cmp = data.comparison;
  if (cmp) {
    var labels = cmp.metrics.map(function (m) { return m.label; });
    var colour = function (v) { return v === 'regression' ? RED : v === 'improvement' ? GREEN : GREY; };
    draw('chart-comparison', {
      tooltip: { trigger: 'item' },
      grid: { left: 10, right: 40, top: 30, bottom: 30, containLabel: true },
      xAxis: { type: 'value', name: 'change (%)', nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { fontFamily: 'ui-monospace, monospace', fontSize: 11 } },
      series: [
        { name: 'interval', type: 'custom', silent: true,
          data: cmp.metrics.map(function (m, i) { return m.lo === null ? null : [i, m.lo, m.hi]; })
            .filter(function (d) { return d !== null; }),
          encode: { y: 0, x: [1, 2] },
          renderItem: function (params, api) {
            var y = api.value(0), lo = api.coord([api.value(1), y]), hi = api.coord([api.value(2), y]);
            var h = api.size([0, 1])[1] * 0.35;
            var style = { stroke: colour(cmp.metrics[y].verdict), lineWidth: 1.5 };
            return { type: 'group', children: [
              { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: style },
              { type: 'line', shape: { x1: lo[0], y1: lo[1] - h / 2, x2: lo[0], y2: lo[1] + h / 2 }, style: style },
              { type: 'line', shape: { x1: hi[0], y1: hi[1] - h / 2, x2: hi[0], y2: hi[1] + h / 2 }, style: style }] };
          } },
        { name: 'change', type: 'scatter', symbolSize: 9, z: 5,
          data: cmp.metrics.map(function (m) { return { value: [m.change, m.label], itemStyle: { color: colour(m.verdict) }, verdict: m.verdict, lo: m.lo, hi: m.hi }; }),
          tooltip: { formatter: function (p) {
            return p.value[1] + '<br>' + (p.value[0] > 0 ? '+' : '') + p.value[0].toFixed(1) + ' %'
              + (p.data.lo === null ? '' : ' [' + p.data.lo.toFixed(1) + ', ' + p.data.hi.toFixed(1) + ']') + '<br>' + p.data.verdict; } },
          markArea: { silent: true, itemStyle: { color: 'rgba(107,114,128,0.12)' },
            data: [[{ xAxis: -cmp.minEffect }, { xAxis: cmp.minEffect }]] },
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#374151' }, label: { show: false }, data: [{ xAxis: 0 }] } }
      ]
    });
  }
})();
