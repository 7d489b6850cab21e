/** Small status icons for notices; decorative, the text says the same. */
export function SuccessIcon() {
  return (
    <svg class="notice-icon" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="8" fill="#2e844a" />
      <path d="M4.5 8.3l2.2 2.2 4.8-4.8" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

export function ErrorIcon() {
  return (
    <svg class="notice-icon" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="8" fill="#ba0517" />
      <path d="M8 4v5" stroke="#fff" stroke-width="1.8" stroke-linecap="round" />
      <circle cx="8" cy="11.8" r="1.1" fill="#fff" />
    </svg>
  );
}
