import { useTranslate } from 'react-admin';
import type { DirectedGroup } from './dashboardData';
import { countsByDirection } from './byDirection';
import { DirectionBarChart } from './DirectionBarChart';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** The year's delegations month by month, inbound and outbound stacked in each month's column. */
export function DelegationsByMonthChart({ groups, title }: { groups: DirectedGroup[]; title: string }) {
  const translate = useTranslate();
  return (
    <DirectionBarChart
      categories={MONTHS.map((month) => translate(`amity.dashboard.months.${month}`))}
      counts={countsByDirection(groups, (group) => group.month, MONTHS)}
      title={title}
      layout="vertical"
      testId="chart-by-month"
    />
  );
}
