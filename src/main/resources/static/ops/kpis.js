// The KPI page's live charts: GET /api/v1/kpis every 5 seconds, drawn with ECharts (WebJar). No build step.
(function () {
  'use strict';
  var box = document.getElementById('charts');
  if (!box || !window.echarts) {
    return; // without the chart library the server-rendered tables still say it all
  }
  var charts = {};
  ['latency', 'throughput', 'automation', 'aging', 'backlog'].forEach(function (name) {
    charts[name] = echarts.init(document.getElementById('chart-' + name));
  });
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  var grid = {left: 48, right: 16, top: 24, bottom: 48};

  function bars(categories, series, stacked) {
    return {
      title: categories.length ? undefined : {text: 'none', left: 'center', top: 'middle',
        textStyle: {color: '#718096', fontWeight: 'normal', fontSize: 14}},
      animation: false, grid: grid, tooltip: {trigger: 'axis'},
      legend: series.length > 1 ? {top: 0, type: 'scroll'} : undefined,
      xAxis: {type: 'category', data: categories, axisLabel: {rotate: categories.length > 8 ? 45 : 0}},
      yAxis: {type: 'value', minInterval: 1},
      series: series.map(function (s) {
        return {name: s.name, type: 'bar', stack: stacked ? 'all' : undefined, data: s.data};
      })
    };
  }

  // Prometheus-style cumulative buckets into counts per bucket, the last (+Inf) as "longer".
  function latency(h) {
    var labels = [], counts = [], below = 0;
    h.buckets.forEach(function (b) {
      labels.push(b.upperBoundSeconds == null ? 'longer' : b.label);
      counts.push(Math.max(0, b.count - below));
      below = b.count;
    });
    return bars(labels, [{name: 'invoices', data: counts}]);
  }

  function throughput(perHour) {
    return bars(perHour.map(function (h) { return h.hour.substring(11, 16); }),
      [{name: 'documents', data: perHour.map(function (h) { return h.documents; })}]);
  }

  function automation(rows) {
    var option = bars(rows.map(function (r) { return r.entity; }),
      [{name: 'automatic %', data: rows.map(function (r) { return Math.round(r.rate * 1000) / 10; })}]);
    option.yAxis = {type: 'value', min: 0, max: 100, axisLabel: {formatter: '{value}%'}};
    return option;
  }

  // One series per age bucket, stacked per owner.
  function pivot(rows, category, seriesKey, value) {
    var categories = [], names = [], cells = {};
    rows.forEach(function (r) {
      if (categories.indexOf(r[category]) < 0) { categories.push(r[category]); }
      if (names.indexOf(r[seriesKey]) < 0) { names.push(r[seriesKey]); }
      cells[r[category] + '|' + r[seriesKey]] = (cells[r[category] + '|' + r[seriesKey]] || 0) + r[value];
    });
    return bars(categories, names.map(function (n) {
      return {name: n, data: categories.map(function (c) { return cells[c + '|' + n] || 0; })};
    }), true);
  }

  function draw(k) {
    charts.latency.setOption(latency(k.invoiceLatency), true);
    charts.throughput.setOption(throughput(k.documentsPerHour), true);
    charts.automation.setOption(automation(k.automation), true);
    charts.aging.setOption(pivot(k.exceptionAging, 'owner', 'age', 'open'), true);
    charts.backlog.setOption(pivot(k.backlog, 'status', 'type', 'events'), true);
    box.setAttribute('data-drawn', k.at);
  }

  function refresh() {
    fetch(box.getAttribute('data-api'), {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(draw)
      .catch(function (e) { box.setAttribute('data-error', String(e)); });
  }
  refresh();
  setInterval(refresh, 5000);
}());
