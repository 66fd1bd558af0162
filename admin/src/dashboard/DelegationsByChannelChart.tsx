import type { DelegationChannel } from '@amity/schema/generated/graphql';
import { useTranslate } from 'react-admin';
import type { DirectedGroup } from './dashboardData';
import { countsByDirection } from './byDirection';
import { DirectionBarChart } from './DirectionBarChart';

/** The year's delegations by channel, an inbound and an outbound bar side by side for each channel that has any. */
export function DelegationsByChannelChart({ groups, title }: { groups: DirectedGroup[]; title: string }) {
  const translate = useTranslate();
  const channels = [...new Set(groups.map((group) => group.channel ?? null))];
  return (
    <DirectionBarChart
      categories={channels.map((channel: DelegationChannel | null) => (channel ? translate(`enums.DelegationChannel.${channel}`) : translate('amity.dashboard.no_channel')))}
      counts={countsByDirection(groups, (group) => group.channel ?? null, channels)}
      title={title}
      layout="horizontal"
      testId="chart-by-channel"
    />
  );
}
