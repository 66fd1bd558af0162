import Icon from '@mui/icons-material/Groups';
import { genericResource } from '../../generic/resource';

/** Delegations: group visits in and out, with members and a headcount. */
export default genericResource({ icon: Icon, listColumns: ['displayName', 'direction', 'channel', 'startDate', 'headcount', 'leader'] });
