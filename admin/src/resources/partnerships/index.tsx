import Icon from '@mui/icons-material/Handshake';
import { genericResource } from '../../generic/resource';

/** Partnerships: the twinning of a home city and a partner city. */
export default genericResource({ icon: Icon, listColumns: ['displayName', 'homeCity', 'partnerCity', 'level', 'status', 'signedOn'] });
