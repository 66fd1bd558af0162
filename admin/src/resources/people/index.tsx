import Icon from '@mui/icons-material/Person';
import { genericResource } from '../../generic/resource';

/** People: guests, experts, overseas Chinese, officials. */
export default genericResource({ icon: Icon, listColumns: ['displayName', 'category', 'nationality', 'title'] });
