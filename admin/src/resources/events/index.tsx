import Icon from '@mui/icons-material/Event';
import { genericResource } from '../../generic/resource';

/** Events: conferences, festivals, fairs and the like. */
export default genericResource({ icon: Icon, listColumns: ['displayName', 'kind', 'startDate', 'city', 'host'] });
