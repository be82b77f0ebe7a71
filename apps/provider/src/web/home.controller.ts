import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { html } from '../../../shared/html';
import { CurrentSessionService } from '../sessions/current-session.service';
import { sendHtml } from './html-response';
import { layout } from './layout.view';

/** The provider's own landing page: who is signed in here, and a way out. */
@Controller()
export class HomeController {
  constructor(private readonly current: CurrentSessionService) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const current = await this.current.resolve(req);
    const body = current
      ? html`<h1>Identity provider</h1>
          <p>
            You are signed in as <strong>${current.user.name}</strong> (${current.user.username}).
          </p>
          <p><a class="button" href="/end-session">Sign out</a></p>`
      : html`<h1>Identity provider</h1>
          <p>You are not signed in. Applications send you here to sign in.</p>`;
    sendHtml(
      res,
      layout({
        title: 'Identity provider',
        body: html`${body}
          <p class="muted"><a href="/admin">Administration</a></p>`,
      }),
    );
  }
}
