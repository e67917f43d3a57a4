// Charts for the officials' dashboard, drawn from the JSON block the page embeds; redrawn after a live refresh.
(function () {
  'use strict';
  var charts = [];
  function draw() {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var source = document.getElementById('dashboard-data');
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var quarters = document.getElementById('chart-quarters');
    if (quarters) {
      var q = window.echarts.init(quarters);
      q.setOption({
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null ? '—' : v + '%'; } },
        grid: { left: 44, right: 16, top: 28, bottom: 28, containLabel: false },
        xAxis: { type: 'category', axisLabel: { interval: 0 }, data: data.quarters.map(function (d) { return d.label; }) },
        yAxis: { type: 'value', max: function (v) { return Math.max(50, Math.ceil(v.max / 10) * 10); }, axisLabel: { formatter: '{value}%' } },
        series: [{ name: '近地配套率', type: 'bar', data: data.quarters.map(function (d) { return d.rate; }), itemStyle: { color: '#0b5cad' },
          markLine: { symbol: 'none', data: [{ yAxis: data.target, name: '目标' }], lineStyle: { color: '#b42318', type: 'dashed' }, label: { position: 'insideEndTop', formatter: '目标 {c}%' } } }]
      });
      charts.push(q);
    }
    var funnel = document.getElementById('chart-funnel');
    if (funnel) {
      var f = window.echarts.init(funnel);
      f.setOption({
        tooltip: { trigger: 'item' },
        series: [{ type: 'funnel', sort: 'none', top: 8, bottom: 8, left: '5%', width: '90%', minSize: '12%', gap: 2, label: { position: 'inside', formatter: '{b} {c}' }, data: data.funnel }]
      });
      charts.push(f);
    }
  }
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSettle', draw);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
