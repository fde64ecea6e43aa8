/** A small ECharts wrapper: the option in, clicks out; resizes with its box. Only the charts we use are bundled. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, TitleComponent, DatasetComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, TitleComponent, DatasetComponent, CanvasRenderer]);

export interface ChartClick { dataIndex: number; seriesIndex?: number; name: string; value: unknown; data: unknown }

interface Props {
  option: echarts.EChartsCoreOption;
  height?: number;
  onClick?: (p: ChartClick) => void;
  /** Category charts: a click anywhere over a category (not only on its bar) reports that category's index. */
  axisClick?: 'x' | 'y';
  testId?: string;
}

export default function Chart({ option, height = 300, onClick, axisClick, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current);
    chart.current = c;
    if (axisClick) {
      c.getZr().on('click', (e) => {
        const pt = [e.offsetX, e.offsetY];
        if (!c.containPixel({ gridIndex: 0 }, pt)) return;
        const v = c.convertFromPixel({ gridIndex: 0 }, pt) as number[] | null;
        const i = Math.round(Number(v?.[axisClick === 'x' ? 0 : 1]));
        if (Number.isFinite(i) && i >= 0) click.current?.({ dataIndex: i, name: '', value: null, data: null });
      });
    } else {
      c.on('click', (p) => click.current?.({ dataIndex: p.dataIndex, seriesIndex: p.seriesIndex, name: p.name, value: p.value, data: p.data }));
    }
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => { chart.current?.setOption(option, true); }, [option]);

  return <div ref={box} data-testid={testId} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />;
}
