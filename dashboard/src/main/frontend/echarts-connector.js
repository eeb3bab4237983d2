// Bridges the chart components (StackedBarChart, SeriesHistoryChart) and Apache ECharts: init, update and destroy an
// instance on a given element. The last data set is kept on the element (for tests and debugging),
// and data-updates counts renders so that a browser test can wait for the next one.
import * as echarts from 'echarts';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#c7c7c7'];

function localTime(ms) {
  // The viewer's own time zone.
  return new Date(Number(ms)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

window.Vaadin = window.Vaadin || {};
window.Vaadin.Flow = window.Vaadin.Flow || {};
window.Vaadin.Flow.echartsConnector = {
  init(element) {
    if (element.$chart) {
      return;
    }
    element.$chart = echarts.init(element, null, { renderer: 'canvas' });
    element.$resize = new ResizeObserver(() => element.$chart && element.$chart.resize());
    element.$resize.observe(element);
    // Series hidden or shown in the legend tell the server (the page's URL keeps them).
    element.$chart.on('legendselectchanged', (p) => {
      const hidden = Object.keys(p.selected).filter((name) => !p.selected[name]);
      element.dispatchEvent(new CustomEvent('legend-change', { detail: { hidden: hidden.join('\n') } }));
    });
    // A click on a series tells the server which one (the drill-down).
    element.$chart.on('click', (p) => {
      if (p.seriesName) {
        element.dispatchEvent(new CustomEvent('series-click', { detail: { name: p.seriesName } }));
      }
    });
  },

  update(element, json) {
    this.init(element);
    const data = JSON.parse(json);
    element.$data = data;
    element.$chart.setOption(
      {
        color: PALETTE,
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { type: 'scroll', top: 0, selected: Object.fromEntries((data.hidden || []).map((name) => [name, false])) },
        grid: { left: 60, right: 20, top: 40, bottom: 40 },
        // A time axis: windows far apart stand far apart, and a window without data is a gap.
        xAxis: {
          type: 'time',
          min: data.min ?? undefined,
          max: data.max ?? undefined,
          axisLabel: { formatter: localTime, hideOverlap: true },
        },
        yAxis: { type: 'value', name: data.unit, minInterval: 1, axisLabel: { formatter: (v) => v.toLocaleString() } },
        series: data.series.map((s) => ({
          name: s.name,
          type: 'bar',
          stack: 'count',
          barMaxWidth: 40,
          data: s.counts.map((count, i) => [data.windows[i], count]),
          emphasis: { focus: 'series' },
        })),
      },
      { replaceMerge: ['series'] }
    );
    element.setAttribute('data-updates', String(Number(element.getAttribute('data-updates') || '0') + 1));
  },

  // One series' history: lines on a time axis, counts on the left axis, the measure on the right.
  lines(element, json) {
    this.init(element);
    const data = JSON.parse(json);
    element.$data = data;
    element.$chart.setOption(
      {
        color: PALETTE,
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 60, right: 60, top: 40, bottom: 40 },
        xAxis: { type: 'time', axisLabel: { formatter: localTime, hideOverlap: true } },
        yAxis: [
          { type: 'value', name: 'events', axisLabel: { formatter: (v) => v.toLocaleString() } },
          { type: 'value', name: data.lines.find((l) => l.axis === 1) ? 'measure' : '', splitLine: { show: false } },
        ],
        series: data.lines.map((l) => ({
          name: l.name,
          type: 'line',
          yAxisIndex: l.axis,
          showSymbol: true,
          connectNulls: false,
          data: l.values.map((v, i) => [data.windows[i], v]),
        })),
      },
      { replaceMerge: ['series'] }
    );
    element.setAttribute('data-updates', String(Number(element.getAttribute('data-updates') || '0') + 1));
  },

  destroy(element) {
    if (element.$resize) {
      element.$resize.disconnect();
      element.$resize = null;
    }
    if (element.$chart) {
      element.$chart.dispose();
      element.$chart = null;
    }
  },
};
