/**
 * The extension id Chromium gives Stagecoach when it is loaded unpacked (dist/) or installed from a self-hosted
 * .crx: derived from manifest.json's `key`, the same on every machine. Policy files must name the extension by its
 * id, so docs/admin.md, the example policies in docs/policy/ and the policy browser test all use this one; the
 * manifest unit test checks it against the key. A store-installed copy gets the id the store assigns instead.
 */
export const EXTENSION_ID = 'bogkmggikmbmhbkpbckfhplgoeciicaf';
