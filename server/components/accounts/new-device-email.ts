// The security email sent when an account signs in from a device or browser it was not used on
// before: when, which browser and system (from the user agent, as the sessions page names them),
// and the network address, the only hint of the place the server has (it ships no geolocation
// database). A service email: it cannot be turned off.
import type { TemplatedMail } from '../../platform/mailer.js';
import { deviceTraits } from '../capture/device.js';
import type { User } from './users.repository.js';

export function newDeviceEmail(user: Pick<User, 'id' | 'email' | 'firstName' | 'workspaceId'>, client: { ip: string | null; userAgent: string | null }, at: number): TemplatedMail {
  const traits = deviceTraits(client.userAgent);
  return {
    to: user.email,
    template: 'new_device',
    category: 'security',
    userId: user.id,
    workspaceId: user.workspaceId,
    data: { firstName: user.firstName, at, browser: traits.browser, os: traits.os, ip: client.ip },
  };
}
