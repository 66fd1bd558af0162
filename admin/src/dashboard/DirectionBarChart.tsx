import { BarChart } from '@mui/x-charts/BarChart';
import { useTranslate } from 'react-admin';
import { DIRECTION_COLOURS, DIRECTIONS, type CountsByDirection } from './byDirection';

interface Props {
  /** The categories' labels, in the order of the counts. */
  categories: string[];
  counts: CountsByDirection;
  /** What the chart shows: its accessible name, as the panel's title says it. */
  title: string;
  /** Months read across (columns, one stack a month: the month's work and its two parts); channels read down, side by side. */
  layout: 'vertical' | 'horizontal';
  testId: string;
}

/**
 * Delegations per category, inbound and outbound as two series. Screen readers get the chart's title and a
 * description giving every category's two counts, in the UI's language.
 */
export function DirectionBarChart({ categories, counts, title, layout, testId }: Props) {
  const translate = useTranslate();
  const entries = categories
    .map((category, i) => ({ category, inbound: counts.INBOUND[i], outbound: counts.OUTBOUND[i] }))
    .filter((entry) => entry.inbound > 0 || entry.outbound > 0)
    .map((entry) => translate('amity.dashboard.chart_entry', entry));
  const description = entries.length > 0 ? entries.join(translate('amity.dashboard.chart_separator')) : translate('amity.dashboard.no_delegations');
  const categoryAxis = [{ scaleType: 'band' as const, data: categories, ...(layout === 'horizontal' ? { width: 96 } : {}) }];
  return (
    <BarChart
      data-testid={testId}
      role="img"
      title={title}
      desc={description}
      layout={layout}
      height={layout === 'horizontal' ? Math.max(160, categories.length * 44 + 60) : 240}
      skipAnimation
      series={DIRECTIONS.map((direction) => ({
        id: direction,
        label: translate(`enums.DelegationDirection.${direction}`),
        data: counts[direction],
        color: DIRECTION_COLOURS[direction],
        stack: layout === 'vertical' ? 'delegations' : undefined,
      }))}
      xAxis={layout === 'vertical' ? categoryAxis : [{ tickMinStep: 1 }]}
      yAxis={layout === 'horizontal' ? categoryAxis : [{ tickMinStep: 1, width: 32 }]}
      localeText={{ noData: translate('amity.dashboard.no_delegations'), loading: translate('ra.page.loading') }}
    />
  );
}
