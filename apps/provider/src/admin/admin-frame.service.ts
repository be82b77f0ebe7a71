import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { CsrfService } from '../web/csrf.service';
import { takeFlash } from './admin-flash.util';
import { AdminFrame } from './views/admin-layout.view';

/** Builds what every admin page shows around its content (CSRF token, banner, one-time message). */
@Injectable()
export class AdminFrameService {
  constructor(
    private readonly csrf: CsrfService,
    @InjectProviderConfig() private readonly config: ProviderConfig,
  ) {}

  frame(req: Request, res: Response): AdminFrame {
    return {
      csrfToken: this.csrf.tokenFor(req, res),
      adminUser: req.session.adminUser ?? '',
      insecureBackchannel: this.config.allowInsecureBackchannel,
      flash: takeFlash(req),
    };
  }
}
