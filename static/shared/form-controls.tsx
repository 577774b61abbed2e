import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useId, type ReactNode } from 'react';

const labelStyle = { display: 'block', fontWeight: 600, fontSize: '12px', color: token('color.text.subtle'), marginBottom: token('space.050') } as const;

/** A labelled text input with its validation message tied to it for screen readers. */
export function TextInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  help?: ReactNode;
  type?: 'text' | 'number' | 'password';
  placeholder?: string;
  width?: string | number;
  isDisabled?: boolean;
  testId?: string;
  autoComplete?: string;
}) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div style={{ marginBottom: token('space.100'), width: props.width ?? 'auto', minWidth: 0 }}>
      <label htmlFor={id} style={labelStyle}>
        {props.label}
      </label>
      <Textfield
        id={id}
        value={props.value}
        type={props.type ?? 'text'}
        isInvalid={Boolean(props.error)}
        isDisabled={props.isDisabled ?? false}
        placeholder={props.placeholder ?? ''}
        autoComplete={props.autoComplete ?? 'off'}
        aria-describedby={props.error || props.help ? messageId : undefined}
        testId={props.testId}
        onChange={(event) => props.onChange((event.target as HTMLInputElement).value)}
      />
      {props.error ? (
        <div id={messageId} role="alert" style={{ color: token('color.text.danger'), fontSize: '12px', marginTop: token('space.050') }}>
          {props.error}
        </div>
      ) : props.help ? (
        <div id={messageId} style={{ color: token('color.text.subtlest'), fontSize: '12px', marginTop: token('space.050') }}>
          {props.help}
        </div>
      ) : null}
    </div>
  );
}

export interface Choice {
  readonly label: string;
  readonly value: string;
}

/** A labelled Atlaskit select of plain string choices. */
export function ChoiceInput(props: { label: string; value: string; choices: readonly Choice[]; onChange: (value: string) => void; error?: string | undefined; width?: string | number }) {
  const id = useId();
  const selected = props.choices.find((c) => c.value === props.value) ?? null;
  return (
    <div style={{ marginBottom: token('space.100'), width: props.width ?? 'auto', minWidth: 0 }}>
      <label htmlFor={id} style={labelStyle}>
        {props.label}
      </label>
      <Select<Choice>
        inputId={id}
        options={props.choices as Choice[]}
        value={selected}
        isSearchable
        aria-invalid={Boolean(props.error)}
        onChange={(choice) => {
          if (choice) props.onChange(choice.value);
        }}
      />
      {props.error ? (
        <div role="alert" style={{ color: token('color.text.danger'), fontSize: '12px', marginTop: token('space.050') }}>
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

/** A labelled multi-line text area for raw documents and code. */
export function TextArea(props: { label: string; value: string; onChange?: (value: string) => void; rows?: number; readOnly?: boolean; testId?: string }) {
  const id = useId();
  return (
    <div style={{ marginBottom: token('space.100') }}>
      <label htmlFor={id} style={labelStyle}>
        {props.label}
      </label>
      <textarea
        id={id}
        data-testid={props.testId}
        value={props.value}
        readOnly={props.readOnly ?? false}
        rows={props.rows ?? 12}
        spellCheck={false}
        onChange={(event) => props.onChange?.(event.target.value)}
        style={{
          width: '100%',
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
          fontSize: '12px',
          padding: token('space.100'),
          border: `1px solid ${token('color.border.input')}`,
          borderRadius: '3px',
          background: token('color.background.input'),
          color: token('color.text'),
        }}
      />
    </div>
  );
}

/** A row of fields that wraps on narrow panels. */
export function Row({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.150'), alignItems: 'flex-start' }}>{children}</div>;
}

/** A bordered card with a heading. */
export function Card({ title, children, actions }: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section
      style={{
        border: `1px solid ${token('color.border')}`,
        borderRadius: '6px',
        padding: token('space.200'),
        marginBottom: token('space.200'),
        background: token('elevation.surface'),
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: token('space.100') }}>
        <h3 style={{ margin: 0, fontSize: '14px' }}>{title}</h3>
        {actions}
      </div>
      <div style={{ marginTop: token('space.150') }}>{children}</div>
    </section>
  );
}
