// Charts of the console, drawn by ECharts (the org.webjars.npm:echarts jar, served by the service under /webjars).

function chart(node) {
  if (!window.echarts) {
    node.textContent = '图表组件未加载';
    return null;
  }
  const c = window.echarts.init(node, null, { renderer: 'svg' });
  new ResizeObserver(() => c.resize()).observe(node);
  return c;
}

export function barChart(node, names, values, title) {
  const c = chart(node);
  if (!c) return;
  c.setOption({
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 16, top: 16, bottom: 80 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: 45, interval: 0 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: title, data: values, itemStyle: { color: '#c8102e' } }],
  });
}

export function lineChart(node, days, series) {
  const c = chart(node);
  if (!c) return;
  c.setOption({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.values, smooth: true })),
  });
}

/** Points by longitude and latitude on plain axes (no base map); a click hands the point's id to onPick. */
export function scatterChart(node, points, onPick) {
  const c = chart(node);
  if (!c) return;
  c.setOption({
    tooltip: { formatter: (p) => p.data.name },
    grid: { left: 60, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'value', name: '经度', scale: true },
    yAxis: { type: 'value', name: '纬度', scale: true },
    series: [{ type: 'scatter', data: points, symbolSize: 10, itemStyle: { color: '#c8102e' } }],
  });
  c.on('click', (p) => onPick(p.data.id));
}
