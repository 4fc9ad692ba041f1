import { css } from 'lit';

/** The shared-state offer and the link shown to copy by hand. */
export const shareStyles = css`
  .share-offer,
  .share-link-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
    font-size: 0.8125rem;
    border-bottom: 1px solid var(--psr-border-color);
    background: var(--psr-toolbar-background);
  }

  .share-offer > span {
    flex: 1 1 16rem;
  }

  .share-error {
    flex-basis: 100%;
    margin: 0;
    color: var(--psr-error-color);
  }

  .share-link-box label {
    display: flex;
    flex: 1 1 16rem;
    align-items: center;
    gap: 0.5rem;
  }

  .share-link {
    flex: 1;
    min-width: 0;
    font: inherit;
    font-family: var(--psr-code-font-family);
    color: var(--psr-color);
    background: var(--psr-background);
    border: 1px solid var(--psr-border-color);
    border-radius: 4px;
    padding: 0.125rem 0.25rem;
  }
`;
