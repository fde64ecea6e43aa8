/** Where each role lands after login. */
import type { Role } from './auth';

export const homeOf = (role: Role) => (role === 'institution' ? '/portal' : '/dashboard');
