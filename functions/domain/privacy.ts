/**
 * Personal data shown only to those who need it (个人信息保护): phones and identity numbers are masked for everyone
 * but the applicant and the staff handling the case.
 */

/** `13812345678` → `138****5678`; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** `210202199001011234` → `2102************34`: region and the check characters only. */
export function maskIdentityNumber(id: string): string {
  if (id.length <= 6) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 6)}${id.slice(-2)}`;
}
