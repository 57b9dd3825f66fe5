import { useEffect, useRef } from 'react';
import QRCode from 'qrcode';

/**
 * Draws the enrolment QR code from the otpauth URI. Drawn locally on a canvas
 * rather than inserting the server's SVG markup: no HTML injection path, and
 * nothing for the CSP to allow (no data: or blob: images).
 */
export function QrCanvas({ value, label }: { value: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) void QRCode.toCanvas(ref.current, value, { margin: 2, scale: 5, errorCorrectionLevel: 'M' });
  }, [value]);
  return <canvas ref={ref} className="qr-canvas" role="img" aria-label={label} />;
}
