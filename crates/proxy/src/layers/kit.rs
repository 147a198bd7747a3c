//! Two small tower layers the proxy's behaviours are written with, so that each is a plain
//! function (no boxed future, no clone of the service below per request, as axum's `from_fn`
//! has): [`Check`] answers a request itself when its function says so; [`Around`] runs one
//! function before the service below and another on its answer.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use pin_project_lite::pin_project;
use tower::{Layer, Service};

/// `check(&mut request)`: `Some(answer)` answers at once; `None` passes the request on.
#[derive(Clone)]
pub struct Check<C>(pub C);

impl<S, C: Clone> Layer<S> for Check<C> {
    type Service = CheckService<S, C>;

    fn layer(&self, inner: S) -> Self::Service {
        CheckService { inner, check: self.0.clone() }
    }
}

#[derive(Clone)]
pub struct CheckService<S, C> {
    inner: S,
    check: C,
}

impl<S, C> Service<Request> for CheckService<S, C>
where
    S: Service<Request, Response = Response>,
    C: Fn(&mut Request) -> Option<Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Checked<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        match (self.check)(&mut req) {
            Some(answer) => Checked::Answered { answer: Some(answer) },
            None => Checked::Passed { inner: self.inner.call(req) },
        }
    }
}

pin_project! {
    #[project = CheckedProj]
    pub enum Checked<F> {
        Answered { answer: Option<Response> },
        Passed { #[pin] inner: F },
    }
}

impl<F, E> Future for Checked<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CheckedProj::Answered { answer } => match answer.take() {
                Some(a) => Poll::Ready(Ok(a)),
                None => Poll::Pending,
            },
            CheckedProj::Passed { inner } => inner.poll(cx),
        }
    }
}

/// `before(&mut request)` gives what `after(it, answer)` needs to rework the answer.
#[derive(Clone)]
pub struct Around<B, A> {
    pub before: B,
    pub after: A,
}

impl<S, B: Clone, A: Clone> Layer<S> for Around<B, A> {
    type Service = AroundService<S, B, A>;

    fn layer(&self, inner: S) -> Self::Service {
        AroundService { inner, before: self.before.clone(), after: self.after.clone() }
    }
}

#[derive(Clone)]
pub struct AroundService<S, B, A> {
    inner: S,
    before: B,
    after: A,
}

impl<S, B, A, T> Service<Request> for AroundService<S, B, A>
where
    S: Service<Request, Response = Response>,
    B: Fn(&mut Request) -> T,
    A: Fn(T, Response) -> Response + Clone,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Wrapped<S::Future, A, T>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let noted = (self.before)(&mut req);
        Wrapped { inner: self.inner.call(req), after: self.after.clone(), noted: Some(noted) }
    }
}

pin_project! {
    pub struct Wrapped<F, A, T> {
        #[pin]
        inner: F,
        after: A,
        noted: Option<T>,
    }
}

impl<F, A, T, E> Future for Wrapped<F, A, T>
where
    F: Future<Output = Result<Response, E>>,
    A: Fn(T, Response) -> Response,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.inner.poll(cx) {
            Poll::Ready(Ok(resp)) => match this.noted.take() {
                Some(noted) => Poll::Ready(Ok((this.after)(noted, resp))),
                None => Poll::Ready(Ok(resp)),
            },
            other => other,
        }
    }
}
