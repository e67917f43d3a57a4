// 产业链图谱: the chain drawn as a Sankey (materials → parts → assemblies → chain leaders) from the JSON block the page embeds.
(function () {
  'use strict';
  var COLORS = { local: '#2e9d5f', cultivation: '#3b82c4', attraction: '#e08a1e', gap: '#c8382c' };
  var chart = null;
  function wan(v) {
    if (v >= 10000) return (v / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + ' 亿元';
    return v.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) + ' 万元';
  }
  function draw() {
    var box = document.getElementById('chain-map');
    var source = document.getElementById('chain-map-data');
    if (!box || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var byKey = {};
    data.nodes.forEach(function (n) { byKey[n.key] = n; });
    if (chart) chart.dispose();
    // SVG so the printed map is as sharp as the page.
    chart = window.echarts.init(box, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          if (p.dataType === 'edge') return byKey[p.data.source].label + ' → ' + byKey[p.data.target].label;
          var n = byKey[p.data.name];
          return data.levels[n.level] + '：' + n.label + '<br>' + n.count + ' 个外采件，' + wan(n.value) + '<br>' + data.coverage[n.coverage];
        }
      },
      graphic: data.levels.map(function (label, i) {
        return { type: 'text', top: 4, left: (2 + i * 31) + '%', style: { text: label, fill: '#616e7c', fontSize: 13 } };
      }),
      series: [{
        type: 'sankey', top: 28, left: 12, right: 130, bottom: 12, nodeWidth: 14, nodeGap: 6, nodeAlign: 'justify', layoutIterations: 32,
        emphasis: { focus: 'adjacency' },
        label: { fontSize: 12, color: '#1f2933', formatter: function (p) { return byKey[p.name].label; } },
        lineStyle: { curveness: 0.5, opacity: 0.35 },
        data: data.nodes.map(function (n) { return { name: n.key, depth: n.level, itemStyle: { color: COLORS[n.coverage], borderColor: COLORS[n.coverage] } }; }),
        links: data.links.map(function (l) { return { source: l.source, target: l.target, value: l.weight, lineStyle: { color: COLORS[l.coverage] } }; })
      }]
    });
    chart.on('click', function (p) {
      if (p.dataType === 'node' && byKey[p.data.name]) window.location.href = byKey[p.data.name].href;
    });
  }
  document.addEventListener('DOMContentLoaded', draw);
  window.addEventListener('resize', function () { if (chart) chart.resize(); });
  window.addEventListener('beforeprint', function () { if (chart) chart.resize(); });
})();
