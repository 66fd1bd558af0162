import Icon from '@mui/icons-material/LocationCity';
import { genericResource } from '../../generic/resource';

/** Cities: the home cities of the office and their partners. */
export default genericResource({ icon: Icon, listColumns: ['displayName', 'country', 'province', 'isHomeCity', 'partnerships'] });
