import { authenticator } from 'otplib';
import QRCode from 'qrcode';

// One step either side tolerates a phone clock a little off (RFC 6238 §5.2).
const totp = authenticator.clone({ window: 1 });

/** A new random TOTP secret (160 bits, base32, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return totp.generateSecret(20);
}

/** Checks a 6-digit code against a secret. Example: `checkTotp(code, secret)`. */
export function checkTotp(code: string, secret: string): boolean {
  try {
    return totp.check(code, secret);
  } catch {
    return false;
  }
}

/** The current code for a secret (demo output and tests). */
export function currentTotp(secret: string): string {
  return totp.generate(secret);
}

/** otpauth:// URI and its QR code as an SVG string, for enrolment in an authenticator app. */
export async function totpEnrolment(email: string, secret: string): Promise<{ otpauthUri: string; qrSvg: string }> {
  const otpauthUri = totp.keyuri(email, 'Homeward', secret);
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUri, qrSvg };
}
