import Icon from '@mui/icons-material/Business';
import { genericResource } from '../../generic/resource';

/** Organisations: offices, schools, companies, associations. */
export default genericResource({ icon: Icon, listColumns: ['displayName', 'kind', 'city', 'parent'] });
