import Icon from '@mui/icons-material/SwapHoriz';
import { genericResource } from '../../generic/resource';

/** Exchanges: cooperation programmes, under a partnership or not. */
export default genericResource({ icon: Icon, listColumns: ['displayName', 'field', 'partnership', 'status', 'startDate', 'endDate'] });
