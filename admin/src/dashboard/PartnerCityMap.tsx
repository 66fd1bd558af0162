import { Box, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import land from 'virtual:world-land';
import type { PartnershipLevel } from '@amity/schema/generated/graphql';
import { recordPath } from '../common/links';
import type { PartnerDot } from './dashboardData';

const LEVEL_COLOURS: Record<PartnershipLevel, string> = { SISTER_CITY: '#c62828', FRIENDLY_EXCHANGE: '#1565c0', PROSPECT: '#9e9e9e' };

/** Partner cities on the world's land (shipped in the bundle), a dot a city coloured by the partnership's level. */
export function PartnerCityMap({ items }: { items: PartnerDot[] }) {
  const translate = useTranslate();
  const placed = items.filter((item) => item.partnerCity?.latitude != null && item.partnerCity?.longitude != null);
  const levels = (Object.keys(LEVEL_COLOURS) as PartnershipLevel[]).filter((level) => items.some((item) => item.level === level));
  return (
    <div>
      <svg data-testid="dashboard-map" viewBox="0 0 360 150" role="img" aria-label={translate('amity.dashboard.map')} style={{ width: '100%', background: '#e3f2fd' }}>
        <path d={land} fill="#cfd8dc" stroke="#90a4ae" strokeWidth={0.2} />
        {placed.map((item) => (
          <Link key={item.id} to={recordPath('City', item.partnerCity!.id)}>
            <circle className="partner-city" data-level={item.level} cx={item.partnerCity!.longitude! + 180} cy={90 - item.partnerCity!.latitude!} r={2.2} fill={LEVEL_COLOURS[item.level] ?? '#555'} stroke="#fff" strokeWidth={0.4}>
              <title>{`${item.partnerCity!.displayName} · ${translate(`enums.PartnershipLevel.${item.level}`)}`}</title>
            </circle>
          </Link>
        ))}
      </svg>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mt: 1 }}>
        {levels.map((level) => (
          <Box key={level} sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
            <Box sx={{ width: 10, height: 10, borderRadius: '50%', background: LEVEL_COLOURS[level] }} />
            <Typography variant="body2">
              {translate(`enums.PartnershipLevel.${level}`)} ({items.filter((item) => item.level === level).length})
            </Typography>
          </Box>
        ))}
      </Box>
    </div>
  );
}
