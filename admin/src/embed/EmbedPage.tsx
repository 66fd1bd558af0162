import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { elementHtml, iframeSnippet, scriptSnippet, WIDGET_NAMES, type WidgetName, type WidgetOptions } from './snippet';
import { createWidgetKey, listWidgetKeys, revokeWidgetKey, type WidgetKeyRecord } from './widgetKeys';

/** Loads the hub's widget script once into the admin page, for the live preview (same origin: the CSP allows it). */
function useWidgetScript(): void {
  useEffect(() => {
    if (customElements.get('amity-events') || document.querySelector('script[data-amity-widgets]')) return;
    const script = document.createElement('script');
    script.src = '/widgets/amity-widgets.js';
    script.dataset.amityWidgets = 'true';
    document.head.appendChild(script);
  }, []);
}

function Preview({ options }: { options: WidgetOptions }) {
  const box = useRef<HTMLDivElement>(null);
  const html = elementHtml(options);
  useEffect(() => {
    // The same markup as the snippet, so what is seen is what is copied.
    if (box.current) box.current.innerHTML = html;
  }, [html]);
  return <Box ref={box} data-testid="embed-preview" sx={{ p: 2, border: '1px dashed', borderColor: 'divider', borderRadius: 1, minHeight: 120, bgcolor: options.theme === 'dark' ? '#0d1117' : 'transparent' }} />;
}

function Snippet({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <Box>
      <Stack direction="row" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle2">{label}</Typography>
        <Button size="small" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>
      </Stack>
      <Box component="pre" sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, overflowX: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {text}
      </Box>
    </Box>
  );
}

/** ADMIN: the widget keys of other offices — make one (its secret shown once), see them, revoke one. */
function WidgetKeys({ onNewKey }: { onNewKey: (key: string) => void }) {
  const [keys, setKeys] = useState<WidgetKeyRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', office: '', origins: '', rate: '600', expiresAt: '' });
  const reload = useCallback(() => {
    listWidgetKeys().then(setKeys, (failure: Error) => setError(failure.message));
  }, []);
  useEffect(reload, [reload]);

  const create = async () => {
    setError(null);
    try {
      const made = await createWidgetKey({
        name: form.name,
        office: form.office,
        allowedOrigins: form.origins.split(/[\s,]+/).filter(Boolean),
        rateLimitPerMinute: Number(form.rate) || undefined,
        expiresAt: form.expiresAt ? new Date(`${form.expiresAt}T23:59:59`).toISOString() : null,
      });
      setSecret(made.key);
      onNewKey(made.key);
      reload();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const revoke = async (id: string) => {
    await revokeWidgetKey(id).catch((failure: Error) => setError(failure.message));
    reload();
  };

  return (
    <Card>
      <CardContent>
        <Typography variant="h6" gutterBottom>Widget keys</Typography>
        {error && <Alert severity="error" sx={{ mb: 1 }}>{error}</Alert>}
        {secret && (
          <Alert severity="success" sx={{ mb: 1 }}>
            New key (shown only now): <code>{secret}</code>
          </Alert>
        )}
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ mb: 2 }}>
          <TextField size="small" label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <TextField size="small" label="Office" value={form.office} onChange={(e) => setForm({ ...form, office: e.target.value })} />
          <TextField size="small" label="Allowed origins" placeholder="https://www.example.gov.cn" value={form.origins} onChange={(e) => setForm({ ...form, origins: e.target.value })} sx={{ minWidth: 260 }} />
          <TextField size="small" label="Per minute" type="number" value={form.rate} onChange={(e) => setForm({ ...form, rate: e.target.value })} sx={{ width: 110 }} />
          <TextField size="small" label="Expires" type="date" value={form.expiresAt} onChange={(e) => setForm({ ...form, expiresAt: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
          <Button variant="contained" onClick={create}>Make key</Button>
        </Stack>
        {keys.map((key) => (
          <Stack key={key.id} direction="row" spacing={1} alignItems="center" sx={{ py: 0.5, borderTop: 1, borderColor: 'divider' }}>
            <Typography sx={{ flex: 1 }}>
              <b>{key.name}</b> · {key.office} · <code>{key.prefix}…</code> · {key.allowedOrigins.join(', ')} · {key.rateLimitPerMinute}/min
              {key.expiresAt ? ` · until ${key.expiresAt.slice(0, 10)}` : ''}
            </Typography>
            {key.revokedAt ? <Chip size="small" label="revoked" /> : <Button size="small" color="error" onClick={() => revoke(key.id)}>Revoke</Button>}
          </Stack>
        ))}
      </CardContent>
    </Card>
  );
}

/**
 * The "Embed" page: pick a widget and its options, see it live, copy the snippet (script or
 * iframe); ADMINs also make and revoke the keys here.
 */
export function EmbedPage() {
  useWidgetScript();
  const hub = window.location.origin;
  const [options, setOptions] = useState<WidgetOptions>({ widget: 'sister-cities', key: '', lang: 'zh', theme: 'light', size: 'medium', view: 'list', year: String(new Date().getFullYear()), from: '', node: '' });
  const set = <K extends keyof WidgetOptions>(name: K) => (event: { target: { value: string } }) => setOptions((current) => ({ ...current, [name]: event.target.value as WidgetOptions[K] }));
  const snippets = useMemo(() => ({ script: scriptSnippet(hub, options), iframe: iframeSnippet(hub, options) }), [hub, options]);

  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Typography variant="h5">Embed widgets</Typography>
      <Card>
        <CardContent>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ mb: 2 }} flexWrap="wrap" useFlexGap>
            <TextField select size="small" label="Widget" value={options.widget} onChange={set('widget')} sx={{ minWidth: 180 }}>
              {WIDGET_NAMES.map((name: WidgetName) => (
                <MenuItem key={name} value={name}>{name}</MenuItem>
              ))}
            </TextField>
            <TextField size="small" label="Key" value={options.key} onChange={set('key')} sx={{ minWidth: 280 }} helperText="A widget key (its secret is shown once, when made)" />
            <TextField select size="small" label="Language" value={options.lang} onChange={set('lang')}>
              <MenuItem value="zh">中文</MenuItem>
              <MenuItem value="en">English</MenuItem>
            </TextField>
            <TextField select size="small" label="Theme" value={options.theme} onChange={set('theme')}>
              <MenuItem value="light">light</MenuItem>
              <MenuItem value="dark">dark</MenuItem>
            </TextField>
            <TextField select size="small" label="Size" value={options.size} onChange={set('size')}>
              <MenuItem value="small">small</MenuItem>
              <MenuItem value="medium">medium</MenuItem>
              <MenuItem value="large">large</MenuItem>
            </TextField>
            {options.widget === 'sister-cities' && (
              <TextField select size="small" label="View" value={options.view} onChange={set('view')}>
                <MenuItem value="list">list</MenuItem>
                <MenuItem value="map">map</MenuItem>
              </TextField>
            )}
            {options.widget === 'delegation-stats' && <TextField size="small" label="Year" value={options.year} onChange={set('year')} sx={{ width: 100 }} />}
            {options.widget === 'events' && <TextField size="small" label="From" type="date" value={options.from} onChange={set('from')} slotProps={{ inputLabel: { shrink: true } }} />}
            {options.widget === 'node-card' && <TextField size="small" label="Record id" value={options.node} onChange={set('node')} sx={{ minWidth: 300 }} helperText="A PUBLIC record" />}
          </Stack>
          {options.key ? <Preview options={options} /> : <Alert severity="info">Enter a widget key to see the widget live.</Alert>}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Stack spacing={2}>
            <Snippet label="Script (recommended)" text={snippets.script} />
            <Snippet label="Iframe (for pages that cannot run scripts)" text={snippets.iframe} />
          </Stack>
        </CardContent>
      </Card>
      <WidgetKeys onNewKey={(key) => setOptions((current) => ({ ...current, key }))} />
    </Stack>
  );
}

export default EmbedPage;
