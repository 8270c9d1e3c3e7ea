type PaginationProps = {
  page: number;
  count: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  label: string;
};

export function Pagination({ page, count, pageSize, onPageChange, label }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (pages <= 1) {
    return null;
  }
  return (
    <nav aria-label={label} className="pagination">
      <button
        type="button"
        className="button button-secondary"
        disabled={page <= 1}
        onClick={() => {
          onPageChange(page - 1);
        }}
      >
        Previous page
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button
        type="button"
        className="button button-secondary"
        disabled={page >= pages}
        onClick={() => {
          onPageChange(page + 1);
        }}
      >
        Next page
      </button>
    </nav>
  );
}
